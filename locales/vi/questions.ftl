# Loa Bản — hỏi cán bộ: câu hỏi bot chưa trả lời được gửi tới trưởng bản (hoặc cán bộ xã).
# Sửa xong, khởi động lại bot là có hiệu lực. Mỗi khóa phải có ở cả vi và en, cùng các biến.

## Người hỏi
# Thời gian người hỏi nên chờ: sửa ở đây nếu cán bộ của xã trả lời nhanh hay chậm hơn.
ask-expect = Cán bộ thường trả lời trong 1–2 ngày làm việc.
ask-who-heads = trưởng bản { $hamlet }
ask-who-admins = cán bộ xã
not-understood-ask = 🤔 Xin lỗi, tôi vẫn chưa trả lời được câu này. Bạn có thể chọn gửi câu hỏi cho cán bộ, hoặc chọn mục khác bên dưới.
ask-how = 📨 Để gửi câu hỏi cho cán bộ, gõ: /hoi nội dung câu hỏi
ask-consent = 📨 Gửi câu hỏi này cho { $who }?
    ———
    { $text }
    ———
    Cán bộ sẽ thấy tên và tài khoản của bạn để trả lời. { $expect }
ask-sent = ✅ Đã gửi câu hỏi #{ $id } cho { $who }. { $expect } Câu trả lời sẽ đến ngay trong cuộc trò chuyện này. Xem lại: /cauhoi
ask-already-sent = Câu hỏi này đã được gửi rồi (#{ $id }), không gửi lại. Xem lại: /cauhoi
ask-cancelled = Đã hủy. Câu hỏi chưa được gửi.
ask-too-many = Bạn đang có { $count } câu hỏi chờ cán bộ trả lời. Hãy chờ cán bộ trả lời rồi hỏi tiếp nhé. Xem lại: /cauhoi
ask-no-officer = Xin lỗi, xã chưa cài đặt cán bộ nhận câu hỏi. Bạn hãy hỏi trực tiếp tại UBND xã.
questions-mine-none = Bạn chưa gửi câu hỏi nào cho cán bộ. Khi bot chưa trả lời được, chọn “📨 Gửi câu hỏi cho cán bộ” hoặc gõ /hoi nội dung.
questions-mine-title = 📨 Câu hỏi bạn đã gửi cho cán bộ:
questions-mine-line = #{ $id } · { $when }: “{ $text }”
    → { $status }
questions-mine-waiting = đang chờ trả lời
questions-mine-answered = đã trả lời: { $answer }
answer-for-asker = 📩 Trả lời câu hỏi #{ $id } của bạn (“{ $question }”), từ { $by }, lúc { $when }:
    ———
    { $answer }

## Cán bộ
question-for-officer = 📨 Câu hỏi #{ $id } gửi { $who }, lúc { $when }
    Từ: { $from }
    ———
    { $text }
    ———
    Chọn “✍️ Trả lời #{ $id }”, hoặc gõ: /traloi { $id } nội dung trả lời
questions-none = Không có câu hỏi nào đang chờ trả lời.
questions-title = 📨 Câu hỏi đang chờ trả lời: { $count }
questions-line = #{ $id } · { $when } · { $from } · gửi { $who }
    “{ $text }”
questions-more = … và { $count } câu hỏi khác.
questions-answer-how = Chọn một câu để trả lời, hoặc gõ: /traloi số-câu-hỏi nội dung
answer-prompt = ✍️ Trả lời câu hỏi #{ $id } của { $from }:
    “{ $text }”
    Gõ câu trả lời trong tin nhắn tiếp theo (bạn sẽ được xem trước trước khi gửi).
answer-preview = 📝 XEM TRƯỚC — trả lời câu hỏi #{ $id } của { $from }:
    “{ $question }”
    ———
    { $answer }
    ———
    Gửi câu trả lời này? (Gõ lại nếu muốn sửa.)
answer-sent = ✅ Đã gửi câu trả lời #{ $id } cho { $from }.
answer-already = Câu hỏi #{ $id } đã được trả lời bởi { $by } lúc { $when }: “{ $answer }”. Không gửi lại.
answer-missing = Không còn câu hỏi #{ $id } (có thể người hỏi đã xóa dữ liệu của họ).
answer-not-allowed = Bạn không phải cán bộ nhận câu hỏi này.
answer-too-long = Câu trả lời dài quá ({ $count } ký tự, tối đa { $max }). Hãy viết ngắn gọn hơn.
answer-cancelled = Đã hủy. Câu trả lời chưa được gửi.
answer-usage = Gõ: /traloi số-câu-hỏi nội dung — ví dụ: /traloi 3 Thứ Hai mang sổ hộ khẩu lên xã. Xem các câu hỏi: /cauhoi

## Nút và lệnh
btn-ask-officer = 📨 Gửi câu hỏi cho cán bộ
btn-ask-confirm = ✅ Đồng ý gửi
btn-questions = 📨 Câu hỏi chờ trả lời
btn-answer = ✍️ Trả lời #{ $id }
btn-answer-confirm = ✅ Gửi câu trả lời
cmd-ask = Gửi câu hỏi cho cán bộ (trưởng bản)
cmd-questions = Câu hỏi đã gửi cho cán bộ / chờ trả lời

## Thống kê
stats-questions = Câu hỏi gửi cán bộ: { $waiting } đang chờ trả lời · { $answered } đã trả lời trong 30 ngày qua (xem: /cauhoi)

## Quá hạn và gửi không tới
questions-overdue-mark = ⏰ Quá { $days } ngày ·
questions-overdue-count = ⏰ { $count } câu đã quá { $days } ngày chưa được trả lời.
question-reminder = ⏰ Nhắc lại: câu hỏi #{ $id } đã chờ { $days } ngày mà chưa có câu trả lời.
answer-undelivered = ⚠️ Câu trả lời của bạn cho câu hỏi #{ $id } ({ $from }) chưa tới được người hỏi: { $reason }.
    “{ $answer }”
    Bạn hãy báo trực tiếp cho họ (gọi điện hoặc nhờ người trong bản).
audit-question-reminded = nhắc cán bộ: câu hỏi #{ $id } chờ trả lời quá hạn
