## Zalo's "received" / "seen" reports (never "Received" acknowledgements), corrections, withdrawals, Zalo promotion messages

# In a notice's report, under the figures, when Zalo reported some messages delivered or seen.
notice-report-receipts = 📱 Zalo says on the phone: { $received } · 👀 seen: { $seen }
