# Loa Bản — ask a person: a question the bot cannot answer goes to the hamlet head (or the
# commune officers). Restart the bot after editing. Every key in both vi and en, same variables.

## The person asking
# How long the person should expect to wait: change it if your officers answer faster or slower.
ask-expect = Officers usually answer within 1–2 working days.
ask-who-heads = the head of { $hamlet }
ask-who-admins = the commune officers
not-understood-ask = 🤔 Sorry, I still cannot answer that. You can choose to send your question to an officer, or choose something else below.
ask-how = 📨 To send a question to an officer, type: /ask your question
ask-consent = 📨 Send this question to { $who }?
    ———
    { $text }
    ———
    The officer will see your name and account in order to answer. { $expect }
ask-sent = ✅ Question #{ $id } sent to { $who }. { $expect } The answer will arrive right here in this chat. See it again: /questions
ask-already-sent = This question was already sent (#{ $id }); not sent again. See it: /questions
ask-cancelled = Cancelled. The question was not sent.
ask-too-many = You have { $count ->
        [one] 1 question
       *[other] { $count } questions
    } waiting for an officer. Please wait for their answers before asking more. See them: /questions
ask-no-officer = Sorry, the commune has not set up officers to receive questions. Please ask at the commune office.
questions-mine-none = You have not sent any question to an officer. When the bot cannot answer, choose “📨 Send the question to an officer” or type /ask your question.
questions-mine-title = 📨 Questions you sent to officers:
questions-mine-line = #{ $id } · { $when }: “{ $text }”
    → { $status }
questions-mine-waiting = waiting for an answer
questions-mine-answered = answered: { $answer }
answer-for-asker = 📩 Answer to your question #{ $id } (“{ $question }”), from { $by }, at { $when }:
    ———
    { $answer }

## Officers
question-for-officer = 📨 Question #{ $id } for { $who }, at { $when }
    From: { $from }
    ———
    { $text }
    ———
    Choose “✍️ Reply #{ $id }”, or type: /answer { $id } your answer
questions-none = No questions are waiting for an answer.
questions-title = 📨 Questions waiting for an answer: { $count }
questions-line = #{ $id } · { $when } · { $from } · for { $who }
    “{ $text }”
questions-more = … and { $count } more.
questions-answer-how = Choose one to answer, or type: /answer question-number your answer
answer-prompt = ✍️ Answering question #{ $id } from { $from }:
    “{ $text }”
    Type the answer as your next message (you will see a preview before it is sent).
answer-preview = 📝 PREVIEW — answer to question #{ $id } from { $from }:
    “{ $question }”
    ———
    { $answer }
    ———
    Send this answer? (Type again to change it.)
answer-sent = ✅ Answer #{ $id } sent to { $from }.
answer-already = Question #{ $id } was already answered by { $by } at { $when }: “{ $answer }”. Not sent again.
answer-missing = Question #{ $id } no longer exists (its asker may have deleted their data).
answer-not-allowed = You are not an officer this question was sent to.
answer-too-long = The answer is too long ({ $count ->
        [one] 1 character
       *[other] { $count } characters
    }, at most { $max }). Please make it shorter.
answer-cancelled = Cancelled. The answer was not sent.
answer-usage = Type: /answer question-number your answer — for example: /answer 3 Bring the household book to the commune office on Monday. See the questions: /questions

## Buttons and commands
btn-ask-officer = 📨 Send the question to an officer
btn-ask-confirm = ✅ Yes, send it
btn-questions = 📨 Questions to answer
btn-answer = ✍️ Reply #{ $id }
btn-answer-confirm = ✅ Send the answer
cmd-ask = Send a question to an officer (hamlet head)
cmd-questions = Questions sent to officers / waiting for an answer

## Statistics
stats-questions = Questions sent to officers: { $waiting } waiting for an answer · { $answered } answered in the last 30 days (see: /questions)

## Overdue and not delivered
questions-overdue-mark = ⏰ Over { $days ->
        [one] 1 day
       *[other] { $days } days
    } ·
questions-overdue-count = ⏰ { $count } waited more than { $days ->
        [one] 1 day
       *[other] { $days } days
    } without an answer.
question-reminder = ⏰ Reminder: question #{ $id } has waited { $days ->
        [one] 1 day
       *[other] { $days } days
    } without an answer.
answer-undelivered = ⚠️ Your answer to question #{ $id } ({ $from }) did not reach the asker: { $reason }.
    “{ $answer }”
    Please tell them directly (call, or ask someone in the hamlet).
audit-question-reminded = reminded the officers: question #{ $id } has waited too long
