# Loa Bản — the bot's words in English. Edit, then restart the bot.
# Variables are written { $name }. Every key must exist in vi and en with the same variables.

## Welcome and menu
welcome = 👋 Hello! This is the commune's Loa Bản — ask about new-rural-area criteria and preferential loans, and get your hamlet's notices.
    Choose below, or type a question, e.g. “how many criteria has Bản Đông met”.
menu-title = What do you need? Choose below.
help-villager = ❓ Type a question (with or without Vietnamese accents), e.g.:
    • ban dong dat may tieu chi
    • interest rate for poor households
    • how much can near-poor households borrow
    Or use a command: /criteria · /loans · /subscribe · /unsubscribe · /news · /language · /forget
    The bot cannot answer? Send your question to the hamlet head: /ask your question · see the answers: /questions
help-head = ❓ Type a question, e.g. “ban dong dat may tieu chi”, “interest rate for poor households”.
    Commands: /criteria · /loans · /subscribe · /unsubscribe · /news · /language · /forget
    Hamlet heads:
    • /broadcast text — send a notice to your hamlet's subscribers (with preview and confirmation)
    • /cancel — stop a notice that is being sent
    • /report [number] — who received a notice, who has not confirmed, who was not reached
    • /questions — villagers' questions waiting for an answer · /answer number text — answer one
    • /status hamlet criterion-code met|in_progress|not_met — update a criterion (or choose in a criterion's detail)

## Buttons
btn-menu = 🏠 Menu
btn-help = ❓ Help
btn-criteria = 📊 NTM criteria
btn-criteria-of = 📊 Criteria: { $unit }
btn-criteria-list = 📋 List of criteria
btn-criteria-remaining = 🔧 What is left?
btn-set-status = ✏️ Update
btn-facts-of = 📈 Figures: { $unit }
btn-loans = 💰 Loans
btn-loan-eligibility = 👥 Who can borrow?
btn-loan-amount = 💵 How much?
btn-loan-rate = 📉 Interest rate
btn-loan-term = ⏳ Term
btn-loan-apply = 📝 How to apply
btn-loan-collateral = 🔒 Collateral needed?
btn-loan-age = 🎂 Age limits
btn-loans-fit = 💰 { $count ->
        [one] The loan programme that fits
       *[other] The { $count } loan programmes that fit
    }
btn-loan-process = 📝 How to apply (all loans)
btn-loan-named-aspect = { $programme }: { $aspect }
loans-purpose-title = 💰 { $count ->
        [one] One loan programme fits
       *[other] { $count } loan programmes fit
    } what you need:
loans-purpose-line = • { $programme }: { $amount }, interest { $rate }. { $who }
loans-purpose-amount = up to { $amount }
loans-purpose-amount-unknown = no official amount yet
loan-process-title = 📝 How to borrow from the Bank for Social Policies (the same for every programme):
thanks-reply = 😊 You're welcome! Ask any time.
ack-reply = 👍 OK. Ask any time if you need more.
btn-subscribe = 🔔 Get notices
btn-subscribe-to = 🔔 Subscribe: { $hamlet }
btn-unsubscribe = 🔕 Unsubscribe
btn-unsubscribe-from = 🔕 Stop: { $hamlet }
btn-my-subscriptions = 📌 My hamlets
btn-news = 📢 News
btn-lang-vi = 🇻🇳 Tiếng Việt
btn-lang-en = 🇬🇧 English
btn-language = 🌐 Language
btn-forget = 🗑 Delete my data
btn-forget-confirm = 🗑 Delete everything
btn-broadcast = 📝 Send a notice
btn-whole-commune = 🏘 Whole commune
btn-confirm-send = ✅ Send now
btn-cancel = ❌ Cancel
btn-stop = ⏹ Stop sending…
btn-stop-confirm = ⏹ Stop notice #{ $id } for good

## Criteria
status-met = Met
status-in_progress = In progress
status-not_met = Not met
criteria-overview-title = 📊 New-rural-area criteria:
criteria-overview-line = • { $unit }: { $met }/{ $total } met
criteria-overview-line-no-data = • { $unit }: no figures yet
criteria-summary = 📊 { $unit } has met { $met }/{ $total } criteria.
    { $in_progress } in progress, { $not_met } not met.
    Criteria set: { $set }
criteria-set-unconfirmed = ⚠️ The names and numbering of this set have not been checked against the decision text.
criteria-list-title = 📋 { $unit } — { $met }/{ $total } met:
criteria-remaining-title = 🔧 { $unit } — still to do ({ $met }/{ $total } met):
criteria-all-met = 🎉 Every criterion is met.
criteria-legend = ✅ met · 🔄 in progress · ❌ not met
criteria-no-data = There are no criteria figures for { $unit } yet.
criterion-detail = { $mark } { $unit } — criterion { $number }. { $criterion }: { $status }
criterion-note = Note: { $note }
criterion-changed = Updated on { $date }.
criterion-not-in-set = That criterion is not in { $unit }'s set.
status-not-allowed = Only hamlet heads (for their own hamlet) and admins can update criteria.
status-unchanged = This criterion is already “{ $status }”; nothing changed.
criterion-code = 🔑 Code to update it: /status { $unit } { $code } met|in_progress|not_met
status-wrong-word = Could not read “{ $word }”.
status-usage = ✏️ How to type it: /status hamlet criterion-code met|in_progress|not_met [note]
    Example: /status { $unit } { $code } met
    (the criterion's code or its number)
status-codes-title = Criterion codes of { $unit }:
status-units-title = You may update the criteria of:
status-changed = ✅ Updated. { $unit } now meets { $met }/{ $total }.
fact-line = 📈 { $label } ({ $unit }): { $value }
facts-title = 📈 Figures for { $unit }:
source-line = Source: { $source }
footer-illustrative = ℹ️ Illustrative figures, as of { $as_of }. Check with: { $check }
footer-as-of = ℹ️ As of { $as_of }. Check with: { $check }

## Loans
loans-title = 💰 Preferential loans (Vietnam Bank for Social Policies) — { $count ->
        [one] 1 programme
       *[other] { $count } programmes
    }. Pick one:
loans-none = There is no loan information yet.
loans-footer = ℹ️ As of { $as_of }; rates can change. Check with: { $check }
loan-eligible = 👥 Who can borrow: { $value }
loan-amount = 💵 Maximum loan: { $value }
loan-rate = 📉 Interest rate: { $value }
loan-term = ⏳ Term: { $value }
loan-term-max = up to { $term }
loan-where = 📝 Where to apply: { $value }
loan-collateral = 🔒 Collateral: { $value }
loan-steps-title = Steps:
loan-unknown = no official figure yet
loan-unconfirmed = not confirmed
per-household = per household
per-worker = per worker
per-student-month = per student per month
per-loan = per loan
per-project = per project
per-household-total = per household (total)

## Subscriptions
subscribe-choose = 🔔 Choose a hamlet to get its notices:
subscribe-all-done = You are subscribed to every hamlet.
subscribed = ✅ You will get notices from { $hamlets }.
subscribed-ack-hint = When a notice comes, choose ✅ Received (on Zalo: reply 1) so your hamlet head knows you have it.
    On Zalo, each message you send lets the bot reach you with notices for 7 more days.
already-subscribed = You were already subscribed to { $hamlets }.
unsubscribe-choose = 🔕 Choose a hamlet to stop its notices:
unsubscribed = 🔕 Unsubscribed from { $hamlets }.
switched = 🔕 Moved: you will no longer get notices from { $hamlets }.
not-subscribed = You are not subscribed to { $hamlets }.
no-subscriptions = You are not subscribed to any hamlet.
my-subscriptions = 📌 You get notices from { $count ->
        [one] one hamlet
       *[other] { $count } hamlets
    }: { $hamlets }.
no-hamlets = No hamlets are configured yet.
news-title = 📢 Recent notices:
news-none = There are no notices yet.
news-subscribe-hint = Subscribe to your hamlet to get notices as soon as they are sent.
scope-commune = Whole commune
announcement = 📢 Notice — { $scope }

    { $text }

## Hamlet heads' notices
broadcast-not-allowed = Sorry, only hamlet heads and commune officers can send notices. You can still subscribe to get them.
broadcast-how = 📝 To send a notice, type /broadcast followed by the text, e.g.:
    /broadcast Hamlet meeting at the cultural house, Sunday 8 am.
    You will see a preview and must choose ✅ Send now (or ⏰ Schedule) before anything is sent.
broadcast-too-long = The notice is { $count ->
        [one] 1 character
       *[other] { $count } characters
    } long; the limit is { $max }. Please shorten it and send again.
broadcast-choose-target = Where should this notice go?
broadcast-preview = 📝 PREVIEW — to { $target } ({ $count ->
        [one] one recipient
       *[other] { $count } recipients
    }):
    ———
    { $text }
    ———
    Choose ✅ Send now, ⏰ Schedule to send later, or ❌ Cancel.
broadcast-queued = 📤 Sending to { $count ->
        [one] one person
       *[other] { $count } people
    } ({ $target }). You will get a report when it is done. Type /cancel to stop.
broadcast-report = 📋 Report for notice #{ $id } ({ $target }): sent { $sent }/{ $total } · { $blocked } blocked the bot · { $failed } failed · { $cancelled } cancelled.
    “{ $preview }”
choose-by-number = 👉 Reply with a number (1, 2, …) to choose.
report-unreached = { $platform }: { $count } could not be reached:
report-unreached-line = { "  " }• { $count }: { $why }
unreached-window-closed = they have not written to the OA in the last 7 days (Zalo lets an OA message only people who wrote recently)
unreached-not-following = they no longer follow the OA
unreached-refused = { $platform } refused (code { $code })
unreached-token = the OA lost its permission to send; an admin must authorise the app again
unreached-channel-off = the { $platform } channel is turned off
unreached-other = network or server errors, after several tries
report-unreached-advice = 👉 Please tell these people by loudspeaker or in person.
broadcast-progress = ⏳ Notice #{ $id }: { $done }/{ $total } done ({ $blocked } blocked the bot). Still sending…
broadcast-draft-cancelled = Draft cancelled. Nothing was sent.
broadcast-stop-ask = ⏹ Stop notice #{ $id } ({ $target }): “{ $preview }”?
    What has not been sent will not go out; what was sent cannot be taken back.
broadcast-cancelled = ⏹ Notice stopped: { $count ->
        [one] one unsent message was
       *[other] { $count } unsent messages were
    } cancelled.
nothing-to-confirm = Nothing is waiting for confirmation (it may have expired). Please start again.
nothing-to-cancel = There is nothing to cancel.

## Language and personal data
language-choose = 🌐 Choose a language:
language-set = ✅ The bot will answer in English.
forget-ask = 🗑 Delete all your data (subscriptions, language, questions sent to officers, your name and your confirmations of notices)? This cannot be undone.
forget-done = ✅ All your data has been deleted. If you write again, the bot will treat you as new.
forget-cancelled = Your data is kept.

## Errors and not understanding
not-understood = 🤔 Sorry, I did not understand. Choose below, or ask e.g. “ban dong dat may tieu chi”.
not-understood-suggest = 🤔 Did you mean:
no-answer = 🙏 Sorry, the bot has no information on this, so it will not guess. You can ask the commune office or your hamlet head.
error-internal = ⚠️ Sorry, the bot has a problem. Please try again in a few minutes.
error-too-long = Your message is too long ({ $count ->
        [one] 1 character
       *[other] { $count } characters
    }, at most { $max }). Please ask more briefly.
error-no-such-choice = There is no choice number { $number }. Choose below.
error-stale-button = That choice is out of date. Here is the current menu:
error-unknown-command = There is no command /{ $name }. Type /help to see the commands, or choose below.
error-unknown-hamlet = No hamlet called “{ $name }”. Hamlets: { $hamlets }.
error-private-only = This only works in a private chat with the bot.

## Telegram command menu (short descriptions, at most 256 characters)
cmd-criteria = New-rural-area criteria of the commune and hamlets
cmd-loans = Preferential loans: who, how much, what rate
cmd-subscribe = Get a hamlet's notices
cmd-unsubscribe = Stop a hamlet's notices
cmd-mysubs = My hamlets
cmd-news = Recent notices
cmd-facts = Figures of the commune and hamlets
cmd-language = Change language (Tiếng Việt / English)
cmd-forget = Delete my data
cmd-help = Help
cmd-broadcast = (Hamlet heads) Send a notice
cmd-cancel = Cancel what is in progress
unsupported-message = The bot only reads text. Type a question or choose below.

# A head's file that cannot become a notice.
media-kind-refused = Videos, files and stickers cannot be sent as notices. You can send a photo, a voice message, or type the notice.
media-too-large = This file is too large ({ $size } MB, at most { $limit } MB). Please send a smaller one or type the notice.

# A head's photo or voice note as a notice.
media-preview-photo = 🖼 With a photo: recipients get the photo with the text above.
media-preview-voice = 🎤 With a voice message: Telegram users can listen to it; Zalo users get the text only (Zalo does not let bots send voice messages).
media-placeholder-photo = 🖼 (photo)
media-placeholder-voice = 🎤 (voice message)
media-text-only-photo = 🖼 This notice came with a photo, but the photo could not be sent to you here. Ask your hamlet head to see it.
media-text-only-voice = 🎤 This notice came with a voice message from your hamlet head, but it could not be sent to you here. Ask your hamlet head or listen to the hamlet loudspeaker.
report-media-text-only = { $platform }: { $count } { $count ->
        [one] person
       *[other] people
    } got the text only — { $why }.
media-why-voice = { $platform } does not let bots send voice messages
media-why-too-large = the photo is larger than the { $limit } MB { $platform } takes
media-why-failed = the photo could not be uploaded to { $platform }: { $why }

## Administration (/audit, /stats, loaban stats, loaban audit)
admin-only = This command is for admins only.
audit-title = 📜 Audit log ({ $count ->
        [one] the most recent entry
       *[other] { $count } most recent entries
    }):
audit-empty = The audit log is empty.
stats-title = 📊 Users: { $users } · active in 7 days: { $active7 } · in 30 days: { $active30 }
stats-subscribers = Subscribers (reachable) per hamlet and channel:
stats-broadcasts = Notices in the last 30 days: { $count } · sent { $sent } · blocked the bot { $blocked } · failed { $failed }
stats-replies = Answers waiting to be sent: { $waiting } · could not be delivered: { $failed } (to { $chats } people)
stats-flood = Sending too fast: told to slow down { $warned ->
        [one] once
       *[other] { $warned } times
    } · { $dropped ->
        [one] 1 message
       *[other] { $dropped } messages
    } dropped unread
stats-most-asked = Most asked:
stats-not-understood = Questions the bot did not understand (newest first):
stats-backup = Newest backup: { $file } ({ $at }, { $records ->
        [one] 1 record
       *[other] { $records } records
    })
stats-backup-none = No automatic backup yet.
stats-backup-failed = ⚠️ The automatic backup FAILED at { $at }: { $reason }. The bot tries again in 15 minutes; check the disk and the backup folder.

## Audit log and statistics: who, what, which messenger
audit-who-admin = admin (command line)
audit-who-config = config
audit-action-broadcast = notice sent
audit-action-cancel = notice stopped
audit-action-status = criterion updated
audit-action-status-refused = criterion update refused
audit-action-broadcast-refused = notice refused (not a hamlet head)
audit-action-admin-refused = audit log or statistics refused
audit-action-role = role changed in the config
audit-action-first-start = first start with this store
audit-action-import = content imported
audit-action-restore = backup restored
audit-action-delete-hamlet = subscribers of a removed hamlet deleted
audit-broadcast = notice #{ $id } to { $target }: { $recipients ->
        [one] one recipient
       *[other] { $recipients } recipients
    }, { $chars ->
        [one] 1 character
       *[other] { $chars } characters
    }
audit-cancel = notice #{ $id } stopped: { $count ->
        [one] one unsent message
       *[other] { $count } unsent messages
    } cancelled
audit-status = { $unit }, criterion { $code }: { $from } → { $to }
audit-status-refused = update of { $unit }, criterion { $code } refused
audit-role-admin-gained = admin added: { $user }
audit-role-admin-lost = admin removed: { $user }
audit-role-head-gained = head of { $hamlet } added: { $user }
audit-role-head-lost = head of { $hamlet } removed: { $user }
audit-role-hamlet-added = { $hamlet } added to the config
audit-role-hamlet-removed = { $hamlet } removed from the config
audit-role-hamlet-renamed = { $old } renamed { $new }
audit-who-bot = the bot
audit-action-question = a villager's question
audit-action-answer = question answered
audit-action-answer-refused = answering a question refused
audit-question-heads = question #{ $id } sent to the head of { $hamlet }
audit-question-admins = question #{ $id } sent to the commune officers
audit-answer = answered question #{ $id }
audit-answer-refused = refused to answer question #{ $id } (not theirs to answer)
platform-telegram = Telegram
platform-zalo = Zalo
platform-console = console
kind-start = Start
kind-help = Help
kind-menu = Menu
kind-criteria-overview = Criteria overview
kind-criteria-summary = A unit's criteria
kind-criteria-list = List of criteria
kind-criteria-remaining = Criteria still to meet
kind-criterion-detail = One criterion
kind-set-status = Criterion update
kind-status-usage = Update typed wrong
kind-unit-facts = Figures
kind-loans = Loan programmes
kind-loan-detail = One loan programme
kind-subscribe = Subscribe
kind-unsubscribe = Unsubscribe
kind-switch = Switch hamlet
kind-my-subscriptions = My subscriptions
kind-news = News
kind-language = Language
kind-forget = Asked to delete data
kind-forget-confirm = Deleted data
kind-broadcast = Notice drafted
kind-broadcast-target = Notice target chosen
kind-broadcast-confirm = Notice confirmed
kind-cancel = Cancel
kind-stop-broadcast = Asked to stop a notice
kind-stop-broadcast-confirm = Notice stopped
kind-menu-choice = Number not in the menu
kind-unknown-command = Unknown command
kind-unknown-hamlet = Unknown hamlet
kind-not-understood = Not understood
kind-loans-by-purpose = Loans for a need
kind-loan-process = How to apply (all loans)
kind-fact = One figure
kind-thanks = Thanks
kind-ack = OK
kind-no-answer = No information
kind-audit = Audit log viewed
kind-stats = Statistics viewed
kind-media-notice = Photo or voice notice drafted
kind-ask-officer = Asked to send a question to an officer
kind-ask-confirm = Question sent to an officer
kind-questions = Questions to officers viewed
kind-answer-start = Answer started
kind-answer-draft = Answer drafted
kind-answer-confirm = Answer sent
kind-answer-usage = Answer typed wrong
kind-ack-notice = Notice marked received
kind-notice-report = Notice report viewed
kind-notice-report-usage = Report typed wrong
kind-remind-ask = Asked to remind
kind-remind-confirm = Reminder sent
kind-broadcast-validity = Validity changed
kind-correct-notice = Correction drafted
kind-withdraw-notice = Withdrawal drafted
kind-revise-confirm = Correction or withdrawal sent
kind-revise-usage = Correction or withdrawal typed wrong
audit-import = content imported from { $file }: { $sets ->
        [one] 1 criteria set
       *[other] { $sets } criteria sets
    }, { $units ->
        [one] 1 unit
       *[other] { $units } units
    }, { $programmes ->
        [one] 1 loan programme
       *[other] { $programmes } loan programmes
    }
audit-restore = restored from { $file }: { $records ->
        [one] 1 record
       *[other] { $records } records
    }
audit-delete-hamlet = { $count ->
        [one] one subscription
       *[other] { $count } subscriptions
    } of hamlet { $hamlet } deleted (removed from the config)

# Sent once when one person sends more than [limits] per_person_per_minute messages in a minute;
# the rest of that minute is not read.
slow-down = ⏳ You are sending messages very fast (more than { $limit } a minute). The bot will not read your messages for now; please send again in { $seconds ->
        [one] 1 second
       *[other] { $seconds } seconds
    }.

## "✅ Received" and the report on one notice (/report)
btn-ack = ✅ Received
btn-report = 📋 Who has it, who not
ack-by-number = 👉 Reply { $number } once you have read it.
ack-recorded = ✅ Thank you! Noted that you received notice { $ids }.
ack-already = Already noted: you received notice { $id } at { $time }.
ack-expired = Notice { $id } has expired; no need to confirm it any more.
ack-unknown = This notice is not among the messages sent to you.
report-not-allowed = Only hamlet heads and administrators can see a notice's report.
report-not-found = There is no notice { $id } of your hamlet.
report-none = Your hamlet has no notices yet.
report-usage = Type /report for the latest notice, or /report number (e.g. /report 3).
report-no-name = ({ $platform } user without a name)
notice-report = 📋 Notice { $id } — { $target } ({ $date })
    «{ $preview }»
    📤 Sent: { $sent }/{ $total }
    ✅ Received: { $acked }
    ⏳ Not confirmed yet: { $waiting }
    ❌ Not reached: { $unreached }
notice-report-sending = 🕐 Still sending: { $count }
notice-report-cancelled = 🚫 Stopped, not sent: { $count }
notice-report-waiting = ⏳ Not confirmed yet ({ $count }):
notice-report-unreached = ❌ Not reached ({ $count }):
notice-report-person = • { $name }
notice-report-person-why = • { $name } — { $why }
notice-report-more = … and { $count } more
notice-report-advice = 👉 Please tell the people above in person or by loudspeaker.
why-blocked = blocked the bot
why-window-closed = { $platform }: has not written to the OA for 7 days (code { $code })
why-not-following = no longer follows the OA on { $platform } (code { $code })
why-refused-code = { $platform } refused (code { $code }: { $words })
why-refused = { $platform } refused ({ $words })
why-channel-off = the { $platform } channel is off
why-token = the bot lost its permission to send on { $platform }
why-retries = failed after { $attempts ->
        [one] 1 try
       *[other] { $attempts } tries
    }
why-other = reason unknown
cmd-report = (Hamlet heads) Who received a notice, who not
