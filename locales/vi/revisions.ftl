## Zalo báo "đã đến máy" / "đã xem" (không phải "Đã nhận"), đính chính, thu hồi, tin truyền thông Zalo

# In a notice's report, under the figures, when Zalo reported some messages delivered or seen.
notice-report-receipts = 📱 Zalo báo đã đến máy: { $received } · 👀 đã xem: { $seen }

# Correcting (/suatb) or withdrawing (/thuhoi) a notice already sent.
btn-revise-confirm = ✅ Gửi
correct-usage = Gõ /suatb số nội-dung-mới, ví dụ: /suatb 3 Họp bản lúc 20h (không phải 19h). Bản đính chính chỉ gửi cho những người đã nhận thông báo đó.
withdraw-usage = Gõ /thuhoi số, ví dụ: /thuhoi 3. Tin thu hồi chỉ gửi cho những người đã nhận thông báo đó.
revise-not-allowed = Chỉ trưởng bản và cán bộ quản trị được sửa hoặc thu hồi thông báo.
revise-not-original = Thông báo số { $id } là bản sửa của thông báo số { $of }. Hãy sửa thông báo số { $of }.
revise-withdrawn = Thông báo số { $id } đã thu hồi rồi.
revise-cancelled = Đã hủy, không gửi gì.
correct-preview = ✏️ Đính chính thông báo số { $id } ({ $target })
    Cũ: «{ $old }»
    Mới: «{ $new }»
    Sẽ gửi cho { $count } người đã nhận thông báo cũ (chỉ những người này). Gửi nhé?
withdraw-preview = 🚫 Thu hồi thông báo số { $id } ({ $target })
    «{ $old }»
    Sẽ báo cho { $count } người đã nhận rằng thông báo này không còn hiệu lực. Gửi nhé?
correct-queued = ✏️ Đang gửi bản đính chính thông báo số { $id } cho { $count } người đã nhận.
withdraw-queued = 🚫 Đang báo thu hồi thông báo số { $id } cho { $count } người đã nhận.
# What the people who received notice N get.
correction-notice = ✏️ ĐÍNH CHÍNH thông báo số { $id } ({ $scope }):
    { $text }
withdrawal-notice = 🚫 THU HỒI thông báo số { $id } ({ $scope }): thông báo này không còn hiệu lực, xin bỏ qua.
    «{ $text }»
# The original, edited in place on Telegram.
notice-corrected-mark = ✏️ (đã đính chính)
notice-withdrawn-edit = 🚫 ĐÃ THU HỒI — thông báo này không còn hiệu lực ({ $scope }).
    «{ $text }»
# /tintuc and the head's report of a notice corrected or withdrawn since.
news-withdrawn = 🚫 (đã thu hồi, không còn hiệu lực)
notice-report-corrected = ✏️ Đã đính chính lúc { $time } (thông báo số { $by })
notice-report-withdrawn = 🚫 Đã thu hồi lúc { $time } (thông báo số { $by })

# Zalo promotion messages ("tin truyền thông"), for followers who have not written for 7 days.
why-quota = { $platform }: đã dùng hết { $limit } tin truyền thông của tháng này
why-hours = { $platform }: chỉ được gửi tin truyền thông trong giờ { $words }, đang chờ
why-package = { $platform }: gói OA không cho gửi tin truyền thông (mã { $code })
unreached-quota = đã hết lượt tin truyền thông Zalo của tháng này
unreached-package = gói OA không cho gửi tin truyền thông (mã { $code })
unreached-hours = ngoài giờ Zalo cho gửi tin truyền thông

# The audit log's words for a correction or a withdrawal.
audit-correct = đính chính thông báo #{ $of }: gửi thành thông báo #{ $id } tới { $recipients } người
audit-withdraw = thu hồi thông báo #{ $of }: báo qua thông báo #{ $id } tới { $recipients } người
