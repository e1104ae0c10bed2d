## Hẹn giờ, giờ yên tĩnh, thông báo khẩn
btn-urgent = 🚨 Khẩn
btn-schedule = ⏰ Hẹn giờ
btn-schedule-confirm = ✅ Đúng, hẹn giờ
btn-scheduled = ⏰ Thông báo đã hẹn
btn-scheduled-cancel = 🗑 Hủy hẹn số { $id }
btn-scheduled-send-now = ▶️ Gửi ngay số { $id }
cmd-scheduled = (Trưởng bản) Thông báo đã hẹn giờ
cmd-urgent = (Trưởng bản) Gửi thông báo khẩn ngay, cả ban đêm
weekday-mon = Thứ Hai
weekday-tue = Thứ Ba
weekday-wed = Thứ Tư
weekday-thu = Thứ Năm
weekday-fri = Thứ Sáu
weekday-sat = Thứ Bảy
weekday-sun = Chủ Nhật
when-at = { $weekday } { $date } lúc { $time }
when-readback = ⏰ { $when } — đúng không?
when-examples = Ví dụ: 7:00 thứ Bảy · sáng mai 6h · 20/12 7h30 · thứ 2 tuần sau 8h
    Lặp lại: hằng tuần thứ Hai 7:00 · hằng ngày 6h · ngày 1 hằng tháng 7h
when-empty = Bạn chưa gõ giờ.
when-not-understood = Chưa hiểu “{ $word }” trong giờ hẹn.
when-missing-time = Cần cả giờ nữa, ví dụ “thứ Bảy 7h”.
when-bad-time = Không có giờ { $time }.
when-bad-date = Không có ngày { $date }.
when-past = Giờ đó đã qua rồi.
when-too-far = Chỉ hẹn được trong vòng một năm tới.
schedule-ask = ⏰ Gửi lúc nào? Gõ giờ và ngày.
schedule-how = ⏰ Để hẹn giờ, gõ /hengio, giờ gửi, dấu | rồi nội dung, ví dụ:
    /hengio 7:00 thứ Bảy | Họp bản tại nhà văn hóa
    Hoặc soạn /thongbao như thường rồi chọn ⏰ Hẹn giờ.
schedule-done = ⏰ Đã hẹn giờ (số { $id }): thông báo sẽ gửi tới { $target } vào { $when }. Xem hoặc hủy: /hengio
quiet-hold-at = 🌙 Giờ đó là giờ yên tĩnh ({ $start }–{ $end }): thông báo sẽ gửi lúc { $when }.
quiet-now-preview = 🌙 Đang là giờ yên tĩnh ({ $start }–{ $end }): chọn Gửi ngay thì thông báo được giữ đến { $end }. Tin khẩn cấp (lũ, sạt lở) thì chọn 🚨 Khẩn.
quiet-held = 🌙 Đang là giờ yên tĩnh ({ $start }–{ $end }). Thông báo được giữ lại (hẹn số { $id }) và sẽ gửi tới { $target } vào { $when }. Nếu khẩn cấp, gõ /khancap và nội dung.
scheduled-title = ⏰ Thông báo đang hẹn giờ ({ $count }):
scheduled-line = • Số { $id } — { $target } — { $when }
    { "  " }“{ $preview }”
scheduled-line-held = • Số { $id } — { $target } — { $when } (giữ qua giờ yên tĩnh)
    { "  " }“{ $preview }”
scheduled-more = … và { $count } thông báo nữa.
scheduled-none = Không có thông báo nào đang hẹn giờ.
scheduled-not-found = Không tìm thấy thông báo hẹn giờ số { $id } (có thể đã gửi hoặc đã hủy).
scheduled-cancelled = 🗑 Đã hủy hẹn giờ số { $id }. Không gửi gì cả.
scheduled-released = ⏰ Đến giờ hẹn: đang gửi thông báo #{ $id } tới { $count } người ({ $target }).
scheduled-released-late = ⏰ Thông báo hẹn { $when } không gửi được đúng giờ vì bot không chạy lúc đó. Đã gửi muộn lúc { $now }: thông báo #{ $id } tới { $count } người ({ $target }), có ghi “gửi muộn”.
scheduled-missed-held = ⏰ Thông báo hẹn số { $id } ({ $target }) không gửi được đúng giờ ({ $wanted }) vì bot không chạy lúc đó. Bây giờ là giờ yên tĩnh ({ $start }–{ $end }): thông báo sẽ gửi muộn vào { $when }, có ghi “gửi muộn”. Nếu khẩn cấp, gõ /khancap và nội dung; muốn bỏ: /hengio.
forget-scheduled = ⏰ { $count } thông báo bạn đã hẹn giờ (kể cả thông báo lặp lại) cũng bị hủy, không gửi nữa.
scheduled-refused = ⏰ Thông báo hẹn số { $id } không được gửi: bạn không còn quyền gửi tới { $target }.
btn-schedule-weekly = 🔁 Lặp lại hằng tuần
kind-schedule-weekly = Chọn lặp lại hằng tuần
repeat-daily = hằng ngày lúc { $time }
repeat-weekly = hằng tuần vào { $weekday } lúc { $time }
repeat-monthly = ngày { $day } hằng tháng lúc { $time }
repeat-monthly-short = (tháng không có ngày đó thì gửi ngày cuối tháng)
repeat-readback = 🔁 Gửi { $repeat } — lần đầu: { $when } — đúng không?
repeat-done = 🔁 Đã hẹn thông báo lặp lại (số { $id }): gửi tới { $target } { $repeat }, lần đầu vào { $when }. Mỗi lần là một thông báo riêng, có báo cáo. Xem hoặc dừng: /hengio
repeat-next = 🔁 Lần sau (hẹn số { $id }): { $when }. Muốn dừng: /hengio
scheduled-line-repeat = • Số { $id } — { $target } — 🔁 { $repeat }; lần tới: { $when }
    { "  " }“{ $preview }”
when-missing-weekday = Hằng tuần vào thứ mấy? Ví dụ “hằng tuần thứ Hai 7:00”.
when-missing-month-day = Ngày mấy hằng tháng? Ví dụ “ngày 1 hằng tháng 7h”.
when-bad-month-day = Không có ngày { $day } trong tháng (chỉ từ 1 đến 31).
urgent-how = 🚨 Để gửi thông báo khẩn (lũ, sạt lở, mất điện…), gõ /khancap rồi nội dung, ví dụ:
    /khancap Nước suối lên nhanh, các hộ ven suối di chuyển lên nhà văn hóa ngay.
    Tin khẩn gửi ngay cả ban đêm, trước các thông báo khác.
urgent-not-allowed = Xin lỗi, chỉ cán bộ quản trị của xã mới gửi được thông báo khẩn. Bạn vẫn gửi được thông báo thường bằng /thongbao.
urgent-preview = 🚨 XEM TRƯỚC TIN KHẨN — gửi ngay tới { $target } ({ $count } người nhận), cả ban đêm:
    ———
    { $text }
    ———
    Chọn 🚨 Khẩn để gửi ngay, hoặc ❌ Hủy.
urgent-queued = 🚨 Đang gửi tin khẩn tới { $count } người ({ $target }), trước các thông báo khác. Khi xong bạn sẽ nhận báo cáo. Gõ /huy để dừng.
announcement-urgent = 🚨 KHẨN — { $scope }

    { $text }
announcement-late = ⏰ Gửi muộn (hẹn { $when }).
report-late = ⏰ Gửi muộn: hẹn { $when } nhưng lúc đó bot không chạy.
kind-broadcast-urgent = Gửi tin khẩn
kind-urgent = Soạn tin khẩn
kind-schedule-ask = Chọn hẹn giờ
kind-schedule-time = Gõ giờ hẹn
kind-schedule-confirm = Xác nhận hẹn giờ
kind-scheduled = Xem thông báo đã hẹn
kind-schedule-new = Hẹn giờ bằng lệnh
kind-scheduled-cancel = Hủy hẹn giờ
kind-scheduled-send-now = Gửi ngay thông báo đã hẹn
audit-action-schedule = hẹn giờ thông báo
audit-schedule = hẹn giờ thông báo số { $id } tới { $target } lúc { $when }
audit-action-schedule-cancel = hủy hẹn giờ
audit-schedule-cancel = hủy hẹn giờ số { $id }
stats-urgent = Trong đó tin khẩn: { $count } · đang hẹn giờ: { $scheduled }
# Zalo không nhận tin ban đêm (22:00–06:00): phần Zalo được giữ đến sáng.
why-night = { $platform }: không nhận tin ban đêm (mã { $code }), sẽ gửi buổi sáng
unreached-night = Zalo không nhận tin ban đêm (mã { $code })
night-held = 🌙 Thông báo #{ $id } ({ $target }): đã gửi { $sent }/{ $total }. { $count } người { $platform } sẽ nhận lúc { $time } vì { $platform } không cho gửi tin ban đêm. Báo cáo đầy đủ sau khi gửi xong.
