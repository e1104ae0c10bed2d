## Zalo báo "đã đến máy" / "đã xem" (không phải "Đã nhận"), đính chính, thu hồi, tin truyền thông Zalo

# In a notice's report, under the figures, when Zalo reported some messages delivered or seen.
notice-report-receipts = 📱 Zalo báo đã đến máy: { $received } · 👀 đã xem: { $seen }
