## Following a notice up: who gets it now, a reminder, notices you missed

# Preview: who gets it now
preview-reach-now = 📶 Reachable now: { $now }/{ $count }
preview-reach-window = ⚠️ Probably not reached: { $count } — Zalo: no message to the OA for over 7 days (they get it when they write again)
preview-reach-left = 🚫 Blocked the bot or unfollowed: { $count } (not sent)
preview-valid-until = ⏳ Valid until { $date }: whoever misses it gets it when they next write to the bot.
validity-choose = ⏳ How long does this notice stay valid? (Now: until { $date }.)
    Until then, whoever has not received it gets it when they next write to the bot.
btn-validity = ⏳ Change how long it is valid
btn-validity-days = ⏳ { $days ->
        [one] 1 day
       *[other] { $days } days
    }

# Reminding those who have not received it
btn-remind = 🔔 Remind those who have not confirmed
btn-remind-confirm = 🔔 Send the reminder
remind-preview = 🔔 Remind { $count ->
        [one] one person
       *[other] { $count } people
    } who have not confirmed notice { $id } «{ $preview }» (and can be reached now).
    A notice can be reminded once only. Choose 🔔 Send the reminder, or ❌ Cancel.
remind-queued = 🔔 Reminding { $count ->
        [one] one person
       *[other] { $count } people
    } about notice { $id }. You will get a report when it is done.
remind-already = Notice { $id } was already reminded at { $time }. A notice is reminded once only; tell the others in person or over the loudspeaker.
remind-nobody = Nobody left to remind about notice { $id }: everyone it reached has confirmed (tell those it did not reach in person).
remind-still-sending = Notice { $id } is still being sent. Remind once it is done.
remind-cancelled = Cancelled; nobody is reminded.
remind-heading = 🔔 REMINDER — you have not confirmed notice { $id }:
remind-report = 🔔 Reminder report for notice #{ $id } ({ $target }): sent { $sent }/{ $total } · { $blocked } blocked the bot · { $failed } failed · { $cancelled } cancelled.
    “{ $preview }”
notice-report-reminded = 🔔 Reminded at { $time }.
notice-report-late = 📬 Received late (when they wrote again): { $count }
notice-report-valid = ⏳ Valid until { $date }.

# Notices you missed
catchup-title = 📢 Notices you have not received ({ $count }):
catchup-item = 📢 No. { $id } — { $scope } ({ $date })
    { $text }
catchup-ack-hint = ✅ Your next message to the bot tells your hamlet head you have them.

# /news
news-valid = ⏳ valid until { $date }
news-expired = no longer valid

# Welcome on Zalo
welcome-window-hint = 💬 On Zalo, the bot can send notices only to people who wrote to it in the last { $days ->
        [one] day
       *[other] { $days } days
    }. Reply to the bot (for instance send 1 when a notice comes) to keep getting your hamlet's notices.

# The audit log's words for a reminder.
audit-remind = reminded notice #{ $id } (as notice #{ $reminder }) to { $recipients ->
        [one] one person
       *[other] { $recipients } people
    } who had not confirmed it
