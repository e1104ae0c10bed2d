# Loa Bản — lời của bot bằng tiếng Việt. Sửa xong, khởi động lại bot là có hiệu lực.
# Biến đặt trong { $ten }. Mỗi khóa phải có ở cả vi và en, với cùng các biến.

## Chào và menu
welcome = 👋 Chào bạn! Đây là Loa Bản của xã — hỏi về tiêu chí nông thôn mới, vay vốn ưu đãi, và nhận thông báo của bản.
    Chọn một mục bên dưới, hoặc gõ câu hỏi, ví dụ: “bản Đông đạt mấy tiêu chí”.
menu-title = Bạn cần gì? Chọn một mục bên dưới.
help-villager = ❓ Bạn có thể gõ câu hỏi (có dấu hay không dấu đều được), ví dụ:
    • bản Đông đạt mấy tiêu chí
    • lãi suất vay hộ nghèo
    • hộ cận nghèo vay được bao nhiêu
    Hoặc dùng lệnh: /tieuchi · /vayvon · /dangky · /huydangky · /tintuc · /ngonngu · /xoadulieu
    Bot chưa trả lời được? Gửi câu hỏi cho trưởng bản: /hoi nội dung · xem câu trả lời: /cauhoi
help-head = ❓ Bạn có thể gõ câu hỏi, ví dụ: “bản Đông đạt mấy tiêu chí”, “lãi suất vay hộ nghèo”.
    Lệnh: /tieuchi · /vayvon · /dangky · /huydangky · /tintuc · /ngonngu · /xoadulieu
    Trưởng bản:
    • /thongbao nội dung — gửi thông báo tới người đăng ký của bản (có xem trước và xác nhận)
    • /huy — dừng thông báo đang gửi
    • /baocao [số] — ai đã nhận thông báo, ai chưa, ai không gửi được (để báo tận nhà)
    • /cauhoi — câu hỏi của người dân đang chờ trả lời · /traloi số nội dung — trả lời
    • /capnhat bản mã-tiêu-chí đat|dang|chua — cập nhật tiêu chí (hoặc chọn trong phần chi tiết tiêu chí)

## Nút
btn-menu = 🏠 Menu
btn-help = ❓ Trợ giúp
btn-criteria = 📊 Tiêu chí NTM
btn-criteria-of = 📊 Tiêu chí { $unit }
btn-criteria-list = 📋 Danh sách tiêu chí
btn-criteria-remaining = 🔧 Còn thiếu gì?
btn-set-status = ✏️ Cập nhật
btn-facts-of = 📈 Số liệu { $unit }
btn-loans = 💰 Vay vốn
btn-loan-eligibility = 👥 Ai được vay?
btn-loan-amount = 💵 Vay được bao nhiêu?
btn-loan-rate = 📉 Lãi suất
btn-loan-term = ⏳ Thời hạn
btn-loan-apply = 📝 Cách làm hồ sơ
btn-loan-collateral = 🔒 Có cần thế chấp?
btn-loan-age = 🎂 Bao nhiêu tuổi được vay?
btn-loans-fit = 💰 { $count } chương trình vay phù hợp
btn-loan-process = 📝 Thủ tục vay chung
btn-loan-named-aspect = { $programme }: { $aspect }
loans-purpose-title = 💰 Có { $count } chương trình vay phù hợp với nhu cầu của bạn:
loans-purpose-line = • { $programme }: { $amount }, lãi { $rate }. { $who }
loans-purpose-amount = tối đa { $amount }
loans-purpose-amount-unknown = mức vay chưa có số liệu chính thức
loan-process-title = 📝 Thủ tục vay vốn Ngân hàng Chính sách xã hội (chung cho các chương trình):
thanks-reply = 😊 Không có gì ạ! Cần gì bạn cứ hỏi nhé.
ack-reply = 👍 Vâng ạ. Cần gì thêm bạn cứ hỏi nhé.
btn-subscribe = 🔔 Đăng ký nhận tin
btn-subscribe-to = 🔔 Đăng ký { $hamlet }
btn-unsubscribe = 🔕 Hủy đăng ký
btn-unsubscribe-from = 🔕 Hủy { $hamlet }
btn-my-subscriptions = 📌 Bản tôi đã đăng ký
btn-news = 📢 Tin tức
btn-lang-vi = 🇻🇳 Tiếng Việt
btn-lang-en = 🇬🇧 English
btn-language = 🌐 Ngôn ngữ
btn-forget = 🗑 Xóa dữ liệu của tôi
btn-forget-confirm = 🗑 Xóa hết
btn-broadcast = 📝 Gửi thông báo
btn-whole-commune = 🏘 Toàn xã
btn-confirm-send = ✅ Gửi ngay
btn-cancel = ❌ Hủy
btn-stop = ⏹ Dừng gửi…
btn-stop-confirm = ⏹ Dừng hẳn thông báo #{ $id }

## Tiêu chí
status-met = Đạt
status-in_progress = Đang thực hiện
status-not_met = Chưa đạt
criteria-overview-title = 📊 Tiêu chí nông thôn mới:
criteria-overview-line = • { $unit }: đạt { $met }/{ $total }
criteria-overview-line-no-data = • { $unit }: chưa có số liệu
criteria-summary = 📊 { $unit } đạt { $met }/{ $total } tiêu chí.
    Còn { $in_progress } đang thực hiện, { $not_met } chưa đạt.
    Bộ tiêu chí: { $set }
criteria-set-unconfirmed = ⚠️ Tên và số thứ tự các tiêu chí trong bộ này chưa được đối chiếu với văn bản gốc.
criteria-list-title = 📋 { $unit } — đạt { $met }/{ $total }:
criteria-remaining-title = 🔧 { $unit } — còn phải làm ({ $met }/{ $total } đã đạt):
criteria-all-met = 🎉 Đã đạt tất cả tiêu chí.
criteria-legend = ✅ đạt · 🔄 đang thực hiện · ❌ chưa đạt
criteria-no-data = Chưa có số liệu tiêu chí của { $unit }.
criterion-detail = { $mark } { $unit } — tiêu chí { $number }. { $criterion }: { $status }
criterion-note = Ghi chú: { $note }
criterion-changed = Cập nhật ngày { $date }.
criterion-not-in-set = Không tìm thấy tiêu chí này trong bộ tiêu chí của { $unit }.
status-not-allowed = Chỉ trưởng bản (với bản của mình) và cán bộ quản trị mới được cập nhật tiêu chí.
status-unchanged = Tiêu chí này đã ở trạng thái “{ $status }” rồi, không có gì thay đổi.
criterion-code = 🔑 Mã để cập nhật: /capnhat { $unit } { $code } dat|dang|chua
status-wrong-word = Không hiểu “{ $word }”.
status-usage = ✏️ Cách gõ: /capnhat bản mã-tiêu-chí dat|dang|chua [ghi chú]
    Ví dụ: /capnhat { $unit } { $code } dat
    (mã tiêu chí hoặc số thứ tự của nó; dat = đạt, dang = đang thực hiện, chua = chưa đạt)
status-codes-title = Mã các tiêu chí của { $unit }:
status-units-title = Bạn được cập nhật tiêu chí của:
status-changed = ✅ Đã cập nhật. { $unit } nay đạt { $met }/{ $total }.
fact-line = 📈 { $label } ({ $unit }): { $value }
facts-title = 📈 Số liệu { $unit }:
source-line = Nguồn: { $source }
footer-illustrative = ℹ️ Số liệu minh họa, tính đến { $as_of }. Hỏi lại tại: { $check }
footer-as-of = ℹ️ Tính đến { $as_of }. Hỏi lại tại: { $check }

## Vay vốn
loans-title = 💰 Vay vốn ưu đãi (Ngân hàng Chính sách xã hội) — { $count } chương trình. Chọn một chương trình:
loans-none = Chưa có thông tin vay vốn.
loans-footer = ℹ️ Thông tin tính đến { $as_of }; lãi suất có thể thay đổi. Hỏi lại tại: { $check }
loan-eligible = 👥 Ai được vay: { $value }
loan-amount = 💵 Mức vay tối đa: { $value }
loan-rate = 📉 Lãi suất: { $value }
loan-term = ⏳ Thời hạn: { $value }
loan-term-max = tối đa { $term }
loan-where = 📝 Nơi làm hồ sơ: { $value }
loan-collateral = 🔒 Thế chấp: { $value }
loan-steps-title = Các bước:
loan-unknown = chưa có số liệu chính thức
loan-unconfirmed = chưa xác nhận
per-household = mỗi hộ
per-worker = mỗi người lao động
per-student-month = mỗi học sinh, sinh viên mỗi tháng
per-loan = mỗi khoản vay
per-project = mỗi dự án
per-household-total = mỗi hộ (tổng)

## Đăng ký nhận tin
subscribe-choose = 🔔 Chọn bản để nhận thông báo:
subscribe-all-done = Bạn đã đăng ký tất cả các bản.
subscribed = ✅ Đã đăng ký nhận thông báo của { $hamlets }.
subscribed-ack-hint = Khi nhận thông báo, chọn ✅ Đã nhận (trên Zalo: nhắn 1) để trưởng bản biết bạn đã nhận.
    Trên Zalo, mỗi lần bạn nhắn cho bot, bot gửi được thông báo cho bạn thêm 7 ngày nữa.
already-subscribed = Bạn đã đăng ký { $hamlets } từ trước.
unsubscribe-choose = 🔕 Chọn bản để thôi nhận thông báo:
unsubscribed = 🔕 Đã hủy đăng ký { $hamlets }.
switched = 🔕 Đã chuyển: thôi nhận thông báo của { $hamlets }.
not-subscribed = Bạn chưa đăng ký { $hamlets }.
no-subscriptions = Bạn chưa đăng ký nhận tin của bản nào.
my-subscriptions = 📌 Bạn nhận thông báo của { $count } bản: { $hamlets }.
no-hamlets = Chưa có bản nào trong cấu hình.
news-title = 📢 Thông báo gần đây:
news-none = Chưa có thông báo nào.
news-subscribe-hint = Đăng ký bản của bạn để nhận thông báo ngay khi có.
scope-commune = Toàn xã
announcement = 📢 Thông báo — { $scope }

    { $text }

## Thông báo của trưởng bản
broadcast-not-allowed = Xin lỗi, chỉ trưởng bản và cán bộ xã mới gửi được thông báo. Bạn vẫn có thể đăng ký nhận tin.
broadcast-how = 📝 Để gửi thông báo, gõ /thongbao rồi nội dung, ví dụ:
    /thongbao 8 giờ sáng Chủ nhật họp bản tại nhà văn hóa.
    Bạn sẽ được xem trước và phải chọn ✅ Gửi ngay (hoặc ⏰ Hẹn giờ) thì mới gửi.
broadcast-too-long = Thông báo dài { $count } ký tự, tối đa { $max }. Hãy viết ngắn lại rồi gửi lại.
broadcast-choose-target = Gửi thông báo này tới đâu?
broadcast-preview = 📝 XEM TRƯỚC — gửi tới { $target } ({ $count } người nhận):
    ———
    { $text }
    ———
    Chọn ✅ Gửi ngay, ⏰ Hẹn giờ để gửi sau, hoặc ❌ Hủy.
broadcast-queued = 📤 Đang gửi tới { $count } người ({ $target }). Khi xong bạn sẽ nhận báo cáo. Gõ /huy để dừng.
broadcast-report = 📋 Báo cáo thông báo #{ $id } ({ $target }): Đã gửi { $sent }/{ $total } · { $blocked } đã chặn bot · { $failed } lỗi · { $cancelled } đã hủy.
    “{ $preview }”
choose-by-number = 👉 Nhắn số (1, 2, …) để chọn.
report-unreached = { $platform }: { $count } người chưa nhận được:
report-unreached-line = { "  " }• { $count }: { $why }
unreached-window-closed = họ chưa nhắn cho OA trong 7 ngày qua (Zalo chỉ cho OA nhắn người đã nhắn gần đây)
unreached-not-following = họ không còn theo dõi OA
unreached-refused = { $platform } từ chối (mã { $code })
unreached-token = OA mất quyền gửi tin; quản trị viên cần cấp quyền lại cho ứng dụng
unreached-channel-off = kênh { $platform } đang tắt
unreached-other = lỗi mạng hoặc máy chủ, đã thử lại nhiều lần
report-unreached-advice = 👉 Hãy báo cho những người này qua loa hoặc đến tận nhà.
broadcast-progress = ⏳ Thông báo #{ $id }: đã xử lý { $done }/{ $total } ({ $blocked } đã chặn bot). Vẫn đang gửi…
broadcast-draft-cancelled = Đã hủy bản nháp. Chưa gửi gì cả.
broadcast-stop-ask = ⏹ Dừng thông báo #{ $id } ({ $target }): “{ $preview }”?
    Những tin chưa gửi sẽ không gửi nữa; tin đã gửi thì không thu lại được.
broadcast-cancelled = ⏹ Đã dừng thông báo: { $count } tin chưa gửi đã được hủy.
nothing-to-confirm = Không có gì đang chờ xác nhận (có thể đã hết hạn). Hãy làm lại từ đầu.
nothing-to-cancel = Không có gì để hủy.

## Ngôn ngữ và dữ liệu cá nhân
language-choose = 🌐 Chọn ngôn ngữ:
language-set = ✅ Bot sẽ trả lời bằng tiếng Việt.
forget-ask = 🗑 Xóa toàn bộ dữ liệu của bạn (các bản đã đăng ký, ngôn ngữ, câu hỏi đã gửi cán bộ, tên và các lần xác nhận đã nhận thông báo)? Không thể hoàn tác.
forget-done = ✅ Đã xóa toàn bộ dữ liệu của bạn. Nếu nhắn lại, bot sẽ coi bạn là người mới.
forget-cancelled = Đã giữ lại dữ liệu của bạn.

## Lỗi và khi chưa hiểu
not-understood = 🤔 Xin lỗi, tôi chưa hiểu. Bạn hãy chọn một mục bên dưới, hoặc hỏi ví dụ: “bản Đông đạt mấy tiêu chí”.
not-understood-suggest = 🤔 Có phải bạn muốn hỏi:
no-answer = 🙏 Xin lỗi, bot chưa có thông tin về câu hỏi này, nên không dám trả lời sai. Bạn có thể hỏi cán bộ xã hoặc trưởng bản.
error-internal = ⚠️ Xin lỗi, bot đang gặp trục trặc. Bạn thử lại sau ít phút nhé.
error-too-long = Tin nhắn dài quá ({ $count } ký tự, tối đa { $max }). Bạn hỏi ngắn gọn hơn nhé.
error-no-such-choice = Không có lựa chọn số { $number }. Hãy chọn một mục bên dưới.
error-stale-button = Lựa chọn này đã cũ. Đây là menu mới:
error-unknown-command = Không có lệnh /{ $name }. Gõ /trogiup để xem các lệnh, hoặc chọn một mục bên dưới.
error-unknown-hamlet = Không tìm thấy bản “{ $name }”. Các bản: { $hamlets }.
error-private-only = Việc này chỉ làm được khi nhắn riêng với bot.

## Menu lệnh của Telegram (mô tả ngắn, tối đa 256 ký tự)
cmd-criteria = Tiêu chí nông thôn mới của xã và các bản
cmd-loans = Vay vốn ưu đãi: ai được vay, bao nhiêu, lãi suất
cmd-subscribe = Đăng ký nhận thông báo của bản
cmd-unsubscribe = Thôi nhận thông báo của bản
cmd-mysubs = Các bản tôi đã đăng ký
cmd-news = Thông báo gần đây
cmd-facts = Số liệu của xã, của bản
cmd-language = Đổi ngôn ngữ (Tiếng Việt / English)
cmd-forget = Xóa dữ liệu của tôi
cmd-help = Hướng dẫn
cmd-broadcast = (Trưởng bản) Gửi thông báo
cmd-cancel = Hủy việc đang làm
unsupported-message = Bot chỉ đọc được chữ. Bạn hãy gõ câu hỏi hoặc chọn một mục bên dưới.

# A head's file that cannot become a notice.
media-kind-refused = Video, tệp và nhãn dán không gửi được thành thông báo. Bạn có thể gửi ảnh, tin nhắn thoại, hoặc gõ nội dung thông báo.
media-too-large = Tệp này lớn quá ({ $size } MB, tối đa { $limit } MB). Bạn hãy gửi tệp nhỏ hơn hoặc gõ nội dung thông báo.

# A head's photo or voice note as a notice.
media-preview-photo = 🖼 Kèm ảnh: người nhận được ảnh cùng nội dung trên.
media-preview-voice = 🎤 Kèm tin nhắn thoại: người dùng Telegram nghe được; người dùng Zalo chỉ nhận được chữ (Zalo không cho bot gửi tin thoại).
media-placeholder-photo = 🖼 (ảnh)
media-placeholder-voice = 🎤 (tin nhắn thoại)
media-text-only-photo = 🖼 Thông báo có kèm một ảnh nhưng ảnh không gửi được tới bạn ở đây. Hãy hỏi trưởng bản để xem ảnh.
media-text-only-voice = 🎤 Thông báo có kèm tin nhắn thoại của trưởng bản nhưng tin thoại không gửi được tới bạn ở đây. Hãy hỏi trưởng bản hoặc nghe loa của bản.
report-media-text-only = { $platform }: { $count } người chỉ nhận được chữ — { $why }.
media-why-voice = { $platform } không cho bot gửi tin nhắn thoại
media-why-too-large = ảnh lớn hơn { $limit } MB, { $platform } không nhận
media-why-failed = ảnh không gửi lên { $platform } được: { $why }

## Quản trị (/nhatky, /thongke, loaban stats, loaban audit)
admin-only = Lệnh này chỉ dành cho cán bộ quản trị.
audit-title = 📜 Nhật ký ({ $count } mục gần nhất):
audit-empty = Nhật ký trống.
stats-title = 📊 Người dùng: { $users } · hoạt động 7 ngày: { $active7 } · 30 ngày: { $active30 }
stats-subscribers = Người đăng ký (đang nhận tin) theo bản và kênh:
stats-broadcasts = Thông báo 30 ngày qua: { $count } · đã gửi { $sent } · đã chặn bot { $blocked } · lỗi { $failed }
stats-replies = Câu trả lời chờ gửi: { $waiting } · không gửi được: { $failed } (tới { $chats } người)
stats-flood = Gửi quá nhanh: { $warned } lần được nhắc chậm lại · { $dropped } tin bị bỏ qua
stats-most-asked = Hỏi nhiều nhất:
stats-not-understood = Câu hỏi bot chưa hiểu (mới nhất):
stats-backup = Bản sao lưu mới nhất: { $file } ({ $at }, { $records } bản ghi)
stats-backup-none = Chưa có bản sao lưu tự động nào.
stats-backup-failed = ⚠️ Sao lưu tự động bị lỗi lúc { $at }: { $reason }. Bot sẽ thử lại sau 15 phút; hãy kiểm tra ổ đĩa và thư mục sao lưu.

## Nhật ký và thống kê: người, việc, kênh
audit-who-admin = quản trị (dòng lệnh)
audit-who-config = cấu hình
audit-action-broadcast = gửi thông báo
audit-action-cancel = dừng thông báo
audit-action-status = cập nhật tiêu chí
audit-action-status-refused = bị từ chối cập nhật tiêu chí
audit-action-broadcast-refused = bị từ chối gửi thông báo (không phải trưởng bản)
audit-action-admin-refused = bị từ chối xem nhật ký, thống kê
audit-action-role = đổi vai trò trong cấu hình
audit-action-first-start = lần đầu chạy với kho dữ liệu này
audit-action-import = nhập nội dung
audit-action-restore = khôi phục bản sao lưu
audit-action-delete-hamlet = xóa người đăng ký của bản đã bỏ
audit-broadcast = gửi thông báo #{ $id } tới { $target }: { $recipients } người nhận, { $chars } ký tự
audit-cancel = dừng thông báo #{ $id }: hủy { $count } tin chưa gửi
audit-status = cập nhật { $unit }, tiêu chí { $code }: { $from } → { $to }
audit-status-refused = bị từ chối cập nhật { $unit }, tiêu chí { $code }
audit-role-admin-gained = thêm quản trị viên { $user }
audit-role-admin-lost = bỏ quản trị viên { $user }
audit-role-head-gained = thêm trưởng { $hamlet }: { $user }
audit-role-head-lost = bỏ trưởng { $hamlet }: { $user }
audit-role-hamlet-added = thêm { $hamlet } vào cấu hình
audit-role-hamlet-removed = bỏ { $hamlet } khỏi cấu hình
audit-role-hamlet-renamed = đổi tên { $old } thành { $new }
audit-who-bot = bot
audit-action-question = câu hỏi của người dân
audit-action-answer = trả lời câu hỏi
audit-action-answer-refused = bị từ chối trả lời câu hỏi
audit-question-heads = câu hỏi #{ $id } gửi tới trưởng bản { $hamlet }
audit-question-admins = câu hỏi #{ $id } gửi tới cán bộ xã
audit-answer = trả lời câu hỏi #{ $id }
audit-answer-refused = bị từ chối trả lời câu hỏi #{ $id } (không phải người phụ trách)
platform-telegram = Telegram
platform-zalo = Zalo
platform-console = thử trên máy
kind-start = Bắt đầu
kind-help = Trợ giúp
kind-menu = Menu
kind-criteria-overview = Tổng quan tiêu chí
kind-criteria-summary = Tiêu chí của một bản, xã
kind-criteria-list = Danh sách tiêu chí
kind-criteria-remaining = Tiêu chí còn thiếu
kind-criterion-detail = Chi tiết một tiêu chí
kind-set-status = Cập nhật tiêu chí
kind-status-usage = Gõ sai lệnh cập nhật
kind-unit-facts = Số liệu
kind-loans = Danh sách vay vốn
kind-loan-detail = Một chương trình vay
kind-subscribe = Đăng ký nhận tin
kind-unsubscribe = Hủy đăng ký
kind-switch = Chuyển bản nhận tin
kind-my-subscriptions = Bản đã đăng ký
kind-news = Tin tức
kind-language = Đổi ngôn ngữ
kind-forget = Hỏi xóa dữ liệu
kind-forget-confirm = Xóa dữ liệu
kind-broadcast = Soạn thông báo
kind-broadcast-target = Chọn nơi nhận thông báo
kind-broadcast-confirm = Xác nhận gửi thông báo
kind-cancel = Hủy
kind-stop-broadcast = Hỏi dừng thông báo
kind-stop-broadcast-confirm = Dừng thông báo
kind-menu-choice = Nhắn số không có trong menu
kind-unknown-command = Lệnh không có
kind-unknown-hamlet = Bản không có
kind-not-understood = Câu bot chưa hiểu
kind-loans-by-purpose = Vay theo nhu cầu
kind-loan-process = Thủ tục vay chung
kind-fact = Một số liệu
kind-thanks = Cảm ơn
kind-ack = Vâng / ok
kind-no-answer = Câu bot chưa có thông tin
kind-audit = Xem nhật ký
kind-stats = Xem thống kê
kind-media-notice = Soạn thông báo bằng ảnh, ghi âm
kind-ask-officer = Hỏi gửi câu hỏi cho cán bộ
kind-ask-confirm = Gửi câu hỏi cho cán bộ
kind-questions = Xem câu hỏi gửi cán bộ
kind-answer-start = Bắt đầu trả lời câu hỏi
kind-answer-draft = Soạn câu trả lời
kind-answer-confirm = Gửi câu trả lời
kind-answer-usage = Gõ sai lệnh trả lời
kind-ack-notice = Báo đã nhận thông báo
kind-notice-report = Xem báo cáo thông báo
kind-notice-report-usage = Gõ sai lệnh báo cáo
kind-remind-ask = Hỏi nhắc người chưa nhận
kind-remind-confirm = Gửi nhắc lại
kind-broadcast-validity = Đổi hạn hiệu lực
kind-correct-notice = Soạn đính chính
kind-withdraw-notice = Soạn thu hồi
kind-revise-confirm = Gửi đính chính, thu hồi
kind-revise-usage = Gõ sai lệnh đính chính, thu hồi
audit-import = nhập nội dung từ { $file }: { $sets } bộ tiêu chí, { $units } đơn vị, { $programmes } chương trình vay
audit-restore = khôi phục từ { $file }: { $records } bản ghi
audit-delete-hamlet = xóa { $count } lượt đăng ký của bản { $hamlet } (đã bỏ khỏi cấu hình)

# Sent once when one person sends more than [limits] per_person_per_minute messages in a minute;
# the rest of that minute is not read.
slow-down = ⏳ Bạn gửi nhanh quá (hơn { $limit } tin trong một phút). Bot tạm không đọc tin của bạn, { $seconds } giây nữa bạn gửi lại nhé.

## "✅ Đã nhận" và báo cáo một thông báo (/baocao)
btn-ack = ✅ Đã nhận
btn-report = 📋 Ai đã nhận, ai chưa
ack-by-number = 👉 Nhắn { $number } nếu đã nhận.
ack-recorded = ✅ Cảm ơn! Đã ghi nhận bạn đã nhận thông báo số { $ids }.
ack-already = Đã ghi nhận rồi: bạn đã nhận thông báo số { $id } lúc { $time }.
ack-expired = Thông báo số { $id } đã hết hạn, không cần xác nhận nữa.
ack-unknown = Không tìm thấy thông báo này trong các tin đã gửi cho bạn.
report-not-allowed = Chỉ trưởng bản và cán bộ quản trị xem được báo cáo thông báo.
report-not-found = Không có thông báo số { $id } của bản bạn.
report-none = Bản bạn chưa có thông báo nào.
report-usage = Gõ /baocao để xem thông báo mới nhất, hoặc /baocao số (ví dụ /baocao 3).
report-no-name = (người dùng { $platform } chưa có tên)
notice-report = 📋 Thông báo số { $id } — { $target } ({ $date })
    «{ $preview }»
    📤 Đã gửi: { $sent }/{ $total }
    ✅ Đã nhận: { $acked }
    ⏳ Chưa xác nhận: { $waiting }
    ❌ Không gửi được: { $unreached }
notice-report-sending = 🕐 Còn đang gửi: { $count }
notice-report-cancelled = 🚫 Đã dừng, không gửi: { $count }
notice-report-waiting = ⏳ Chưa xác nhận ({ $count }):
notice-report-unreached = ❌ Không gửi được ({ $count }):
notice-report-person = • { $name }
notice-report-person-why = • { $name } — { $why }
notice-report-more = … và { $count } người nữa
notice-report-advice = 👉 Hãy báo tận nhà hoặc qua loa cho những người trên.
why-blocked = đã chặn bot
why-window-closed = { $platform }: quá 7 ngày người này chưa nhắn cho OA (mã { $code })
why-not-following = đã bỏ theo dõi OA trên { $platform } (mã { $code })
why-refused-code = { $platform } từ chối (mã { $code }: { $words })
why-refused = { $platform } từ chối ({ $words })
why-channel-off = kênh { $platform } đang tắt
why-token = bot mất quyền gửi trên { $platform }
why-retries = gửi lỗi sau { $attempts } lần thử
why-other = không rõ lý do
cmd-report = (Trưởng bản) Ai đã nhận thông báo, ai chưa
