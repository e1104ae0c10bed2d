## Theo dõi sau khi gửi thông báo: ai nhận được ngay, nhắc lại, tin bạn chưa nhận

# Xem trước: ai nhận được ngay
preview-reach-now = 📶 Nhận được ngay: { $now }/{ $count }
preview-reach-window = ⚠️ Có thể không nhận được: { $count } — Zalo: quá 7 ngày chưa nhắn cho OA (sẽ nhận khi nhắn lại bot)
preview-reach-left = 🚫 Đã chặn bot hoặc bỏ theo dõi: { $count } (không gửi)
preview-valid-until = ⏳ Hiệu lực đến { $date }: ai lỡ tin sẽ nhận khi nhắn lại bot.
validity-choose = ⏳ Thông báo này có hiệu lực bao lâu? (Hiện tại: đến { $date }.)
    Trong thời gian đó, ai chưa nhận được sẽ nhận khi nhắn lại bot.
btn-validity = ⏳ Đổi hạn hiệu lực
btn-validity-days = ⏳ { $days } ngày

# Nhắc lại những người chưa nhận
btn-remind = 🔔 Nhắc những người chưa nhận
btn-remind-confirm = 🔔 Gửi lời nhắc
remind-preview = 🔔 Nhắc lại thông báo số { $id } «{ $preview }» cho { $count } người chưa xác nhận (và nhận được ngay).
    Mỗi thông báo chỉ nhắc được một lần. Chọn 🔔 Gửi lời nhắc để gửi, hoặc ❌ Hủy.
remind-queued = 🔔 Đang nhắc { $count } người chưa nhận thông báo số { $id }. Khi xong bạn sẽ nhận báo cáo.
remind-already = Thông báo số { $id } đã được nhắc lúc { $time }. Mỗi thông báo chỉ nhắc một lần; hãy báo tận nhà hoặc qua loa cho những người còn lại.
remind-nobody = Không còn ai để nhắc cho thông báo số { $id }: mọi người nhận được đều đã xác nhận (người không nhận được cần báo tận nhà).
remind-still-sending = Thông báo số { $id } vẫn đang gửi. Hãy nhắc khi đã gửi xong.
remind-cancelled = Đã hủy, không nhắc ai.
remind-heading = 🔔 NHẮC LẠI — bạn chưa xác nhận thông báo số { $id }:
remind-report = 🔔 Báo cáo nhắc lại thông báo #{ $id } ({ $target }): Đã gửi { $sent }/{ $total } · { $blocked } đã chặn bot · { $failed } lỗi · { $cancelled } đã hủy.
    “{ $preview }”
notice-report-reminded = 🔔 Đã nhắc lại lúc { $time }.
notice-report-late = 📬 Nhận muộn (khi nhắn lại bot): { $count }
notice-report-valid = ⏳ Hiệu lực đến { $date }.

# Tin bạn chưa nhận
catchup-title = 📢 Thông báo bạn chưa nhận ({ $count }):
catchup-item = 📢 Số { $id } — { $scope } ({ $date })
    { $text }
catchup-ack-hint = ✅ Bạn nhắn tiếp cho bot là trưởng bản biết bạn đã nhận.

# /tintuc
news-valid = ⏳ còn hiệu lực đến { $date }
news-expired = hết hiệu lực

# Lời chào trên Zalo
welcome-window-hint = 💬 Trên Zalo, bot chỉ gửi được thông báo cho người đã nhắn cho bot trong { $days } ngày qua. Hãy trả lời bot (ví dụ nhắn 1 khi nhận thông báo) để luôn nhận được thông báo của bản.

# The audit log's words for a reminder.
audit-remind = nhắc lại thông báo #{ $id } (thông báo #{ $reminder }) tới { $recipients } người chưa nhận
