## Zalo's "received" / "seen" reports (never "Received" acknowledgements), corrections, withdrawals, Zalo promotion messages

# In a notice's report, under the figures, when Zalo reported some messages delivered or seen.
notice-report-receipts = 📱 Zalo says on the phone: { $received } · 👀 seen: { $seen }

# Correcting (/correct) or withdrawing (/withdraw) a notice already sent.
btn-revise-confirm = ✅ Send
correct-usage = Type /correct number new-text, e.g. /correct 3 Meeting at 8 pm (not 7 pm). The correction goes only to the people who received that notice.
withdraw-usage = Type /withdraw number, e.g. /withdraw 3. The withdrawal goes only to the people who received that notice.
revise-not-allowed = Only hamlet heads and admins can correct or withdraw a notice.
revise-not-original = Notice { $id } is a correction of notice { $of }. Please correct notice { $of }.
revise-withdrawn = Notice { $id } has already been withdrawn.
revise-cancelled = Cancelled, nothing sent.
correct-preview = ✏️ Correction of notice { $id } ({ $target })
    Old: «{ $old }»
    New: «{ $new }»
    It goes to the { $count } people who received the old one (only them). Send it?
withdraw-preview = 🚫 Withdraw notice { $id } ({ $target })
    «{ $old }»
    The { $count } people who received it will be told it no longer holds. Send it?
correct-queued = ✏️ Sending the correction of notice { $id } to the { $count } people who received it.
withdraw-queued = 🚫 Telling the { $count } people who received notice { $id } that it is withdrawn.
# What the people who received notice N get.
correction-notice = ✏️ CORRECTION of notice { $id } ({ $scope }):
    { $text }
withdrawal-notice = 🚫 WITHDRAWN: notice { $id } ({ $scope }) no longer holds, please ignore it.
    «{ $text }»
# The original, edited in place on Telegram.
notice-corrected-mark = ✏️ (corrected)
notice-withdrawn-edit = 🚫 WITHDRAWN — this notice no longer holds ({ $scope }).
    «{ $text }»
# /news and the head's report of a notice corrected or withdrawn since.
news-withdrawn = 🚫 (withdrawn, no longer holds)
notice-report-corrected = ✏️ Corrected at { $time } (notice { $by })
notice-report-withdrawn = 🚫 Withdrawn at { $time } (notice { $by })

# Zalo promotion messages, for followers who have not written for 7 days.
why-quota = { $platform }: this month's { $limit } promotion messages are used up
why-hours = { $platform }: promotion messages only during { $words }, waiting
why-package = { $platform }: the OA's package has no promotion messages (code { $code })
unreached-quota = this month's Zalo promotion messages are used up
unreached-package = the OA's package has no promotion messages (code { $code })
unreached-hours = outside the hours Zalo allows promotion messages

# The audit log's words for a correction or a withdrawal.
audit-correct = corrected notice #{ $of }: sent as notice #{ $id } to { $recipients ->
        [one] one recipient
       *[other] { $recipients } recipients
    }
audit-withdraw = withdrew notice #{ $of }: told in notice #{ $id } to { $recipients ->
        [one] one recipient
       *[other] { $recipients } recipients
    }
