## Scheduled notices, quiet hours, urgent notices
btn-urgent = 🚨 Urgent
btn-schedule = ⏰ Schedule
btn-schedule-confirm = ✅ Yes, schedule it
btn-scheduled = ⏰ Scheduled notices
btn-scheduled-cancel = 🗑 Cancel no. { $id }
btn-scheduled-send-now = ▶️ Send no. { $id } now
cmd-scheduled = (Hamlet heads) Scheduled notices
cmd-urgent = (Hamlet heads) Send an urgent notice now, even at night
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday
when-at = { $weekday } { $date } at { $time }
when-readback = ⏰ { $when } — is that right?
when-examples = For example: Saturday 7:00 · tomorrow 6am · 20/12 7:30 · next Monday 8am
    Repeating: every Monday 07:00 · every day 6am · every month on the 1st 7:00
when-empty = You have not typed a time.
when-not-understood = I did not understand “{ $word }” in the time.
when-missing-time = The hour is needed too, e.g. “Saturday 7am”.
when-bad-time = There is no time { $time }.
when-bad-date = There is no date { $date }.
when-past = That time has already passed.
when-too-far = Notices can be scheduled up to one year ahead.
schedule-ask = ⏰ When should it go? Type the time and the day.
schedule-how = ⏰ To schedule a notice, type /scheduled, the time, a | and the text, e.g.:
    /scheduled Saturday 7:00 | Hamlet meeting at the cultural house
    Or write /broadcast as usual and choose ⏰ Schedule.
schedule-done = ⏰ Scheduled (no. { $id }): the notice will go to { $target } on { $when }. To see or cancel it: /scheduled
quiet-hold-at = 🌙 That is within quiet hours ({ $start }–{ $end }): the notice will go on { $when }.
quiet-now-preview = 🌙 It is quiet hours now ({ $start }–{ $end }): Send now holds the notice until { $end }. For an emergency (flood, landslide) choose 🚨 Urgent.
quiet-held = 🌙 It is quiet hours now ({ $start }–{ $end }). The notice is held (scheduled no. { $id }) and will go to { $target } on { $when }. If it is an emergency, type /urgent and the text.
scheduled-title = ⏰ Scheduled notices ({ $count }):
scheduled-line = • No. { $id } — { $target } — { $when }
    { "  " }“{ $preview }”
scheduled-line-held = • No. { $id } — { $target } — { $when } (held through quiet hours)
    { "  " }“{ $preview }”
scheduled-more = … and { $count } more.
scheduled-none = No notice is scheduled.
scheduled-not-found = Scheduled notice no. { $id } was not found (it may have been sent or cancelled).
scheduled-cancelled = 🗑 Scheduled notice no. { $id } cancelled. Nothing was sent.
scheduled-released = ⏰ Its time has come: sending notice #{ $id } to { $count } people ({ $target }).
scheduled-released-late = ⏰ The notice scheduled for { $when } could not go on time because the bot was not running then. It went late, at { $now }: notice #{ $id } to { $count } people ({ $target }), marked “sent late”.
scheduled-missed-held = ⏰ Scheduled notice no. { $id } ({ $target }) could not go on time ({ $wanted }) because the bot was not running then. It is quiet hours now ({ $start }–{ $end }): it will go late, on { $when }, marked “sent late”. If it is urgent, type /urgent and the text; to drop it: /scheduled.
forget-scheduled = { $count ->
        [one] ⏰ The notice you scheduled is cancelled as well and will not go.
       *[other] ⏰ The { $count } notices you scheduled (repeating ones too) are cancelled as well and will not go.
    }
scheduled-refused = ⏰ Scheduled notice no. { $id } was not sent: you may no longer send to { $target }.
btn-schedule-weekly = 🔁 Repeat every week
kind-schedule-weekly = Repeat every week
repeat-daily = every day at { $time }
repeat-weekly = every { $weekday } at { $time }
repeat-monthly = on day { $day } of every month at { $time }
repeat-monthly-short = (in months without that day, on their last day)
repeat-readback = 🔁 Goes { $repeat } — first on { $when } — is that right?
repeat-done = 🔁 Repeating notice scheduled (no. { $id }): it goes to { $target } { $repeat }, first on { $when }. Each time is a notice of its own, with its report. To see or stop it: /scheduled
repeat-next = 🔁 Next time (scheduled no. { $id }): { $when }. To stop it: /scheduled
scheduled-line-repeat = • No. { $id } — { $target } — 🔁 { $repeat }; next: { $when }
    { "  " }“{ $preview }”
when-missing-weekday = Every week on which day? E.g. “every Monday 07:00”.
when-missing-month-day = Which day of the month? E.g. “every month on the 1st 7:00”.
when-bad-month-day = There is no day { $day } in a month (1 to 31 only).
urgent-how = 🚨 To send an urgent notice (flood, landslide, power cut…), type /urgent and the text, e.g.:
    /urgent The stream is rising fast; households by the stream move to the cultural house now.
    Urgent notices go at once, even at night, ahead of other notices.
urgent-not-allowed = Sorry, only commune admins can send urgent notices. You can still send routine ones with /broadcast.
urgent-preview = 🚨 URGENT NOTICE PREVIEW — goes now to { $target } ({ $count ->
        [one] 1 recipient
       *[other] { $count } recipients
    }), even at night:
    ———
    { $text }
    ———
    Choose 🚨 Urgent to send it now, or ❌ Cancel.
urgent-queued = 🚨 Sending the urgent notice to { $count } people ({ $target }), ahead of other notices. You will get a report when it is done. Type /cancel to stop.
announcement-urgent = 🚨 URGENT — { $scope }

    { $text }
announcement-late = ⏰ Sent late (scheduled for { $when }).
report-late = ⏰ Sent late: scheduled for { $when }, but the bot was not running then.
kind-broadcast-urgent = Send an urgent notice
kind-urgent = Write an urgent notice
kind-schedule-ask = Choose to schedule
kind-schedule-time = Type a time
kind-schedule-confirm = Confirm a schedule
kind-scheduled = See scheduled notices
kind-schedule-new = Schedule by command
kind-scheduled-cancel = Cancel a scheduled notice
kind-scheduled-send-now = Send a scheduled notice now
audit-action-schedule = scheduled a notice
audit-schedule = scheduled notice no. { $id } to { $target } for { $when }
audit-action-schedule-cancel = cancelled a scheduled notice
audit-schedule-cancel = cancelled scheduled notice no. { $id }
stats-urgent = Of these urgent: { $count } · scheduled and waiting: { $scheduled }
# Zalo refuses messages at night (22:00–06:00): the Zalo part waits for the morning.
why-night = { $platform }: no messages at night (code { $code }), will be sent in the morning
unreached-night = Zalo takes no messages at night (code { $code })
night-held = 🌙 Notice #{ $id } ({ $target }): { $sent }/{ $total } sent. { $count } people on { $platform } will get it at { $time }, because { $platform } does not allow messages at night. Full report when it is done.
