#!/usr/bin/env python3
"""Writes tuning-3.toml from the compact lists below (run from the repo root).

The third tuning part, written 2026-12-02 (third round) by the engineer who tunes the
understanding, from /work/shared/domain and content/default.toml only, BEFORE tuning to it, in
the styles the held-out measurement found weakest: long rambling messages, mountain speech and
voice-to-text, plain questions with full diacritics, facts that look like loans, questions the
content cannot answer, needs without a loan word, several questions at once, negation,
Telex/VNI leftovers, SMS, follow-ups ("còn bản He thì sao"). Its first run is reported as a
before figure in docs/understanding.md. Tuning only.
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the corpus
from tuning_common import *  # noqa: E402,F403  (lists, p/d/f/n/o, Q, kept, write)

# --- rambling: greetings, family story, the question somewhere inside -------------------
p("rambling", "dạ cháu chào các cô chú cán bộ ạ, cháu tên là Lò Thị Xuân ở bản He, chồng cháu đi làm thuê dưới xuôi mấy năm nay mà cũng chẳng để ra được đồng nào, giờ hai vợ chồng bàn nhau ở nhà nuôi mấy con dê, cháu hỏi có được vay vốn không ạ",
  PROD, "goat")
p("rambling", "em chào ad ạ, em nhắn hơi dài ad thông cảm, nhà em có bốn sào đất dốc, trước trồng sắn nhưng đất bạc màu rồi, cán bộ khuyến nông bảo chuyển sang trồng mắc ca, em muốn hỏi ngân hàng chính sách có cho vay để mua cây giống không ạ",
  CROP, "macadamia")
p("rambling", "chào anh chị, tôi năm nay ngoài năm mươi tuổi rồi, con cái đi làm xa hết, ở nhà hai ông bà già muốn nuôi thêm đàn gà đàn vịt cho có đồng ra đồng vào, không biết có chỗ nào cho vay ít vốn không",
  PROD, "poultry")
p("rambling", "alo alo, bot có đọc được không ạ, em ở bản Đông, năm ngoái lũ về làm sập mất cái nhà, cả nhà em đang ở tạm nhà ông bà, em nghe nói có vay làm nhà cho người bị thiên tai, em hỏi phải làm thế nào ạ",
  HOUSE, "rebuild house", note="a need and how to: the programmes for rebuilding a house")
p("rambling", "em chào anh chị ạ, con gái em vừa đỗ cao đẳng sư phạm ở thành phố, cả nhà mừng lắm nhưng lo tiền học với tiền trọ, nhà em làm nương thôi không đủ, anh chị xem có khoản vay nào cho con em đi học không ạ",
  SCHOOL, "college")
p("rambling", "dạ thưa cán bộ, nhà em ở cuối bản He, từ xưa đến giờ vẫn phải gánh nước suối về ăn, mùa khô thì cạn hết, em muốn làm cái bể chứa với đường ống dẫn nước về nhà mà tiền không có, em có vay được không ạ",
  WATER, "water tank")
p("rambling", "chào bot, anh là thanh niên ở bản Đông, học xong lớp mười hai thì ở nhà, giờ muốn đi học nghề điện dân dụng ở trường nghề huyện nhưng nhà không có tiền đóng học, có vay được không",
  SCHOOL, "vocational")
p("rambling", "em chào các anh chị, em làm ở công ty may ngoài Bắc Giang được ba năm thì công ty cắt giảm, em về quê rồi, giờ em muốn mở một xưởng may nhỏ ở nhà, có chương trình vay nào giúp em không ạ",
  JOB, "lost job", note="lost a job and wants to create work: job creation")
p("rambling", "dạ em chào ạ, nhà em đông con, năm nay thằng lớn lấy vợ ra ở riêng nhưng chưa có đất làm nhà, em hỏi có được vay để có đất ở không ạ, cảm ơn anh chị nhiều",
  LAND, "residential land")
p("rambling", "em chào bot nhé, em hỏi chút, nhà em có cái ao sau nhà bỏ không lâu rồi, em muốn cải tạo lại để thả cá trắm cá chép, mà cũng chưa biết vay ở đâu, bot chỉ giúp em với",
  PROD, "fish")
p("rambling", "chào ad em là vợ anh Quàng Văn Thắng bản Đông đây ạ, anh nhà em bảo em nhắn hỏi giùm là nhà em muốn làm lại cái chuồng bò cho đỡ rét với mua thêm con bê thì vay được không ạ",
  PROD, "cattle")
p("rambling", "anh chị ơi, nhà em trồng chè mấy năm nay, chè già rồi năng suất kém, bây giờ muốn phá đi trồng lại giống chè mới, nhưng tiền giống đắt quá, em có thể vay ngân hàng chính sách được không",
  CROP, "tea")
d("rambling", "dạ em chào cán bộ xã ạ, nhà em có tên trong danh sách hộ cận nghèo, mẹ em ốm lâu năm, em muốn hỏi vay vốn hộ cận nghèo thì lãi suất bao nhiêu ạ",
  "ho_can_ngheo", ["rate"], note="the illness is the story; the programme is named")
d("rambling", "chào ad, nhà cháu thuộc hộ nghèo, năm kia cháu có vay ba mươi triệu nuôi bò, đến giờ đã trả được một ít rồi, cháu hỏi vay hộ nghèo thì được vay trong bao lâu ạ, cháu sợ không kịp trả",
  "ho_ngheo", ["term"])
d("rambling", "em chào anh chị ạ, em đang học năm hai đại học, nhà em ở bản He, em nghe bạn cùng phòng bảo sinh viên được vay ngân hàng chính sách, em muốn hỏi mỗi tháng được vay bao nhiêu ạ",
  "hoc_sinh_sinh_vien", ["amount"])
d("rambling", "dạ chào bot, em mới thoát nghèo năm ngoái, được cán bộ bảo là vẫn được vay chương trình hộ mới thoát nghèo, em muốn biết có phải thế chấp sổ đỏ không vì nhà em chưa có sổ ạ",
  "ho_moi_thoat_ngheo", ["collateral"])
d("rambling", "chào cán bộ, tôi ở bản Đông, tôi nghe loa bản đọc là có cho vay nước sạch vệ sinh môi trường, nhà tôi muốn làm nhà tắm với bể nước, xin hỏi vay cái này tối đa được bao nhiêu",
  "nuoc_sach_vsmt", ["amount"], note="the programme is named; the needs fit it")
d("rambling", "em chào ad, em hai mươi tuổi, ở nhà làm nương với bố mẹ, em nghe nói vay giải quyết việc làm thì người từ mười lăm tuổi trở lên được vay, có đúng không ạ, điều kiện thế nào",
  "giai_quyet_viec_lam", ["eligibility"])
f("rambling", "chào ad ạ, con em học lớp tám, cô giáo giao bài tìm hiểu về quê hương, em muốn hỏi xã mình có bao nhiêu hợp tác xã để con em viết vào bài ạ",
  "cooperatives")
f("rambling", "em chào anh chị, hôm trước họp dân em nghe nói thu nhập bình quân của xã mình lên cao lắm rồi, em muốn biết cụ thể là bao nhiêu một người một năm ạ",
  "income_per_person")
f("rambling", "dạ em chào ạ, em là hội viên hội phụ nữ bản He, chị hội trưởng bảo hội phụ nữ xã cho chị em vay phát triển kinh tế nhiều lắm, em muốn biết đã cho vay được bao nhiêu tiền rồi ạ",
  "womens_union_lent")
f("rambling", "chào bot, tôi là cựu chiến binh ở bản He, tôi muốn biết bản He mình bây giờ còn bao nhiêu hộ nghèo, để chi hội còn bàn cách giúp đỡ",
  "poor_households", unit="he")
o("rambling", "em chào anh chị, em mới chuyển về làm dâu bản Đông được mấy tháng, em muốn nhận thông báo của bản để biết lịch họp với lịch tiêm phòng thì em đăng ký thế nào ạ",
  "subscribe", hamlets=["dong"], note="lịch tiêm phòng is why, not what is asked")
o("rambling", "chào ad, hôm nọ trưởng bản nói bản Đông mình phấn đấu đạt chuẩn nông thôn mới, em thấy đường vào bản vẫn còn lầy lắm, em muốn hỏi bản Đông còn thiếu tiêu chí nào ạ",
  "criteria_remaining", unit="dong")
o("rambling", "dạ em chào ad, em muốn hỏi là nhà em muốn vay vốn mà không biết phải chuẩn bị giấy tờ gì, nộp ở đâu, có phải lên tận huyện không ạ",
  "loan_process")
n("rambling", "chào anh chị, năm nay mận nhà em sai quả lắm mà thương lái ép giá, em muốn hỏi bây giờ mận bán được bao nhiêu một cân ạ",
  "price")
n("rambling", "em chào ad, con trai em đang muốn đi làm ở Đài Loan, công ty môi giới bảo phải đóng mấy chục triệu, em hỏi ngân hàng chính sách có cho vay đi nước ngoài không ạ",
  "labour export")
n("rambling", "dạ cháu chào cô chú, cháu ở bản Đông, cô giáo bảo cháu hỏi bản Đông có bao nhiêu hộ dân với bao nhiêu đảng viên ạ",
  "dong figures", note="the content has no figures for Bản Đông")
n("rambling", "chào bot, dạo này mưa suốt, đường lên nương bị sạt hết rồi, không biết bao giờ xã cho người lên sửa đường ạ",
  "when")
o("rambling", "em chào bot ạ, em là người bản He, em hỏi mãi chẳng ai trả lời, cảm ơn bot đã trả lời em hôm qua nhé, giúp em nhiều lắm",
  "thanks")

# --- mountain speech and voice-to-text: no punctuation, l/n, tr/ch, s/x, d/gi -----------
p("mountain_voice", "nhà em muốn nuôi nợn nái mà không có vốn thì nàm thế nào", PROD, "pig")
p("mountain_voice", "em muốn vay tiền mua con châu con bò về nuôi thì vay ở đâu", PROD, "cattle")
p("mountain_voice", "cho cháu hỏi cháu muốn chồng cà phê trên nương thì có được vay không ạ", CROP, "coffee")
p("mountain_voice", "nhà em muốn nàm cái nhà vệ sinh cho sạch thì vay ở đâu ạ", WATER, "toilet")
p("mountain_voice", "con em đỗ chường đại học rồi mà nhà không có tiền cho đi học", SCHOOL, "university")
p("mountain_voice", "em muốn mở cái quán bán tạp hóa ở đầu bản thì vay vốn ở đâu", PROD, "shop")
p("mountain_voice", "nhà em cái nhà nó dột hết rồi muốn sửa nại mà không có tiền", HOUSE, "house repair")
p("mountain_voice", "em muốn khoan cái giếng nấy nước ăn thì vay được không", WATER, "well")
p("mountain_voice", "bọn em muốn nuôi cá nồng dưới nòng hồ thì vay vốn ở đâu", PROD, "fish",
  note="nuôi cá lồng dưới lòng hồ")
p("mountain_voice", "nhà em muốn chồng thảo quả dưới tán rừng vay được chương trình gì", HERB, "herbs")
d("mountain_voice", "vay hộ nghèo thì nãi mấy phần chăm một tháng", "ho_ngheo", ["rate"])
d("mountain_voice", "vay sinh viên thì bao giờ phải chả tiền", "hoc_sinh_sinh_vien", ["term"])
d("mountain_voice", "hộ cận nghèo vay được nhiều nhất nà bao nhiêu", "ho_can_ngheo", ["amount"])
d("mountain_voice", "vay việc nàm thì có phải thế chấp sổ đỏ không", "giai_quyet_viec_lam", ["collateral"])
d("mountain_voice", "vay nước sạch nàm hồ sơ ở đâu", "nuoc_sach_vsmt", ["apply"])
d("mountain_voice", "hộ mới thoát nghèo vay thì nãi xuất bao nhiêu", "ho_moi_thoat_ngheo", ["rate"])
d("mountain_voice", "vay vùng khó khăn thì dì điều kiện mới được vay", "sxkd_vung_kho_khan", ["eligibility"])
d("mountain_voice", "vay hộ nghèo được mấy năm thì phải chả hết", "ho_ngheo", ["term"])
o("mountain_voice", "bản đông mình đạt được mấy tiêu chí lông thôn mới rồi", "criteria_summary", unit="dong")
o("mountain_voice", "xã mình còn thiếu những tiêu chí dì", "criteria_remaining", unit="chieng_khoang")
o("mountain_voice", "em muốn nghe thông báo của bản he thì nàm thế nào", "subscribe", hamlets=["he"])
f("mountain_voice", "xã mình có bao nhiêu con châu bò", "cattle_buffalo")
f("mountain_voice", "bản he có bao nhiêu đảng viên", "party_members", unit="he")
f("mountain_voice", "tỷ nệ hộ nghèo của xã nà bao nhiêu", "poor_near_poor_rate")
n("mountain_voice", "giá nợn hơi bây giờ bao nhiêu một cân", "price")
n("mountain_voice", "bản đông có bao nhiêu nóc nhà", "dong figures")
n("mountain_voice", "nãi gửi tiết kiệm ngân hàng bao nhiêu", "savings")
o("mountain_voice", "cảm ơn cán bộ nhiều nhé", "thanks")

# --- plain questions with full diacritics ---------------------------------------------
d("diacritics", "Cho vay hộ nghèo hiện nay lãi suất là bao nhiêu?", "ho_ngheo", ["rate"])
d("diacritics", "Hộ cận nghèo muốn vay vốn thì cần những điều kiện gì?", "ho_can_ngheo", ["eligibility"])
d("diacritics", "Vay vốn học sinh sinh viên thì thời hạn trả nợ là bao lâu?", "hoc_sinh_sinh_vien", ["term"])
d("diacritics", "Mức cho vay tối đa của chương trình nước sạch là bao nhiêu?", "nuoc_sach_vsmt", ["amount"])
d("diacritics", "Vay giải quyết việc làm có cần tài sản bảo đảm không?", "giai_quyet_viec_lam", ["collateral"])
d("diacritics", "Hộ mới thoát nghèo được vay tối đa bao nhiêu tiền?", "ho_moi_thoat_ngheo", ["amount"])
d("diacritics", "Cho vay nhà ở xã hội lãi suất bao nhiêu một năm?", "nha_o_xa_hoi", ["rate"])
d("diacritics", "Chương trình hỗ trợ đất ở cho vay những đối tượng nào?", "nd28_ho_tro_dat_o", ["eligibility"])
d("diacritics", "Vay hỗ trợ chuyển đổi nghề thì được vay bao nhiêu?", "nd28_chuyen_doi_nghe", ["amount"])
d("diacritics", "Vay phát triển dược liệu thì lãi suất thế nào?", "nd28_duoc_lieu", ["rate"])
d("diacritics", "Vay sản xuất kinh doanh vùng khó khăn thì vay được trong mấy năm?", "sxkd_vung_kho_khan", ["term"])
d("diacritics", "Muốn vay hộ nghèo thì đăng ký ở đâu?", "ho_ngheo", ["apply"])
d("diacritics", "Người bao nhiêu tuổi thì được vay giải quyết việc làm?", "giai_quyet_viec_lam", ["age"])
d("diacritics", "Vay hỗ trợ nhà ở thì ai được vay?", "nd28_ho_tro_nha_o", ["eligibility"])
d("diacritics", "Vay sinh viên có phải thế chấp gì không?", "hoc_sinh_sinh_vien", ["collateral"])
d("diacritics", "Cho vay hộ cận nghèo", "ho_can_ngheo", [])
o("diacritics", "Ngân hàng Chính sách xã hội đang có những chương trình cho vay nào?", "loans")
o("diacritics", "Thủ tục vay vốn ngân hàng chính sách gồm những bước nào?", "loan_process")
o("diacritics", "Trả lãi tiền vay hằng tháng ở đâu?", "loan_process")
o("diacritics", "Xã Chiềng Khoang đã đạt bao nhiêu tiêu chí nông thôn mới nâng cao?", "criteria_summary", unit="chieng_khoang")
o("diacritics", "Bản Đông còn những tiêu chí nào chưa đạt?", "criteria_remaining", unit="dong")
o("diacritics", "Tiêu chí giao thông của bản Đông đã đạt chưa?", "criterion_detail", criterion="giao_thong", unit="dong")
o("diacritics", "Tiêu chí y tế của xã đạt chưa?", "criterion_detail", criterion="y_te", unit="chieng_khoang")
o("diacritics", "Tiêu chí môi trường của xã thế nào rồi?", "criterion_detail", criterion="moi_truong", unit="chieng_khoang")
o("diacritics", "Tôi muốn nhận thông báo của bản Đông.", "subscribe", hamlets=["dong"])
o("diacritics", "Tôi không muốn nhận thông báo nữa.", "unsubscribe")
o("diacritics", "Có thông báo gì mới không?", "news")
o("diacritics", "Xóa hết thông tin của tôi đi.", "forget")
f("diacritics", "Xã có bao nhiêu chi bộ trực thuộc?", "party_cells")
f("diacritics", "Diện tích rừng khoanh nuôi bảo vệ của xã là bao nhiêu?", "forest_protected")
f("diacritics", "Xã trồng được bao nhiêu héc ta cỏ voi?", "elephant_grass")
f("diacritics", "Bản He có tổng cộng bao nhiêu hộ?", "households", unit="he")
f("diacritics", "Hội Phụ nữ đã tiết kiệm được bao nhiêu gạo giúp hội viên?", "womens_union_rice_saved")

# --- plain, no diacritics ---------------------------------------------------------------
d("plain", "lai suat cho vay ho moi thoat ngheo la bao nhieu", "ho_moi_thoat_ngheo", ["rate"])
d("plain", "vay nha o xa hoi thi ai duoc vay", "nha_o_xa_hoi", ["eligibility"])
d("plain", "vay viec lam toi da duoc bao nhieu tien", "giai_quyet_viec_lam", ["amount"])
d("plain", "vay ho tro dat o thi lai suat bao nhieu", "nd28_ho_tro_dat_o", ["rate"])
d("plain", "vay hoc sinh sinh vien lam ho so o dau", "hoc_sinh_sinh_vien", ["apply"])
d("plain", "vay ho can ngheo co phai the chap khong", "ho_can_ngheo", ["collateral"])
p("plain", "muon vay von nuoi trau thi vay chuong trinh nao", PROD, "buffalo")
p("plain", "nha toi muon xay be nuoc thi vay o dau", WATER, "water tank")
p("plain", "muon vay tien trong cam thi vay gi", CROP, "orange")
o("plain", "ban dong da dat nhung tieu chi nao", "criteria_list", unit="dong")
o("plain", "xa chieng khoang con thieu tieu chi gi", "criteria_remaining", unit="chieng_khoang")
f("plain", "xa co bao nhieu dang vien", "party_members")
f("plain", "ban he con bao nhieu ho ngheo", "poor_households", unit="he")
f("plain", "dien tich che cua xa bao nhieu ha", "tea")
n("plain", "ban dong co bao nhieu ho dan", "dong figures")
n("plain", "gia ga hom nay bao nhieu", "price")
n("plain", "ban he dat may tieu chi nong thon moi", "he criteria")

# --- facts that look like loans (subject before figure) -------------------------------
f("diacritics", "xã mình tỷ lệ hộ nghèo với cận nghèo còn bao nhiêu phần trăm", "poor_near_poor_rate",
  note="a commune figure, not a loan rate")
f("diacritics", "tổng dư nợ vay ưu đãi của cả xã là bao nhiêu tỷ", "preferential_loans_outstanding")
f("diacritics", "cả xã có bao nhiêu con trâu con bò", "cattle_buffalo", note="a figure, not a loan for cattle")
f("diacritics", "xã mình có bao nhiêu ha cây ăn quả", "fruit_trees", note="a figure, not a loan for fruit trees")
f("diacritics", "xã mình trồng được bao nhiêu ha chè rồi", "tea", note="a figure, not a loan for tea")
f("diacritics", "đàn gia cầm của xã có bao nhiêu con", "poultry")
f("diacritics", "nhờ hội phụ nữ mà bao nhiêu gia đình thoát nghèo rồi", "families_out_of_poverty")
f("diacritics", "hội phụ nữ cho chị em vay bao nhiêu tiền rồi", "womens_union_lent",
  note="the Women's Union's figure, not a programme")
f("diacritics", "bản He hiện nay còn mấy hộ nghèo", "poor_households", unit="he",
  note="a hamlet figure, not the poor-household programme")
f("diacritics", "xã Chiềng Khoang có bao nhiêu đảng viên", "party_members")
f("plain", "ty le ngheo cua xa minh bay gio bao nhieu phan tram", "poor_near_poor_rate")
f("plain", "xa co may hop tac xa", "cooperatives")
f("plain", "tong du no von vay uu dai cua xa", "preferential_loans_outstanding")
f("sms", "x co bn dang vien", "party_members", note="x: xã")
f("sms", "ban he co bn ho", "households", unit="he")
o("diacritics", "tiêu chí hộ nghèo của bản Đông đạt chưa", "criterion_detail", criterion="thu_nhap_ho_ngheo", unit="dong",
  note="the hamlet's criterion on income and poor households, not the programme")
o("diacritics", "tiêu chí nhà ở dân cư của xã đạt chưa", "criterion_detail", criterion="nha_o", unit="chieng_khoang",
  note="the criterion, not a housing loan")
o("diacritics", "tiêu chí thủy lợi của bản Đông thế nào", "criterion_detail", criterion="thuy_loi", unit="dong")

# --- questions the content cannot answer (never a figure) -------------------------------
n("diacritics", "bản Đông còn bao nhiêu hộ cận nghèo", "dong figures")
n("diacritics", "bản He có bao nhiêu nhân khẩu", "he population")
n("diacritics", "xã có bao nhiêu hộ nghèo", "commune poor count",
  note="the commune has a rate (poor and near-poor together), not a count")
n("diacritics", "bản He có bao nhiêu hộ mới thoát nghèo", "he escaped count")
n("diacritics", "bản He đã đạt tiêu chí giao thông chưa", "he criteria")
n("diacritics", "lãi suất vay ngân hàng Agribank bây giờ bao nhiêu", "other bank")
n("diacritics", "vay tiền mua ô tô chở hàng được không", "consumer loan")
n("diacritics", "vay tiêu dùng mua tủ lạnh được không ạ", "consumer loan")
n("diacritics", "bao giờ thì có điện lưới về bản", "when")
n("diacritics", "năm nay xã có được giao thêm chỉ tiêu hộ nghèo không, bao giờ bình xét", "when")
n("diacritics", "giá phân bón năm nay tăng bao nhiêu", "price")
n("plain", "vay tien di xuat khau lao dong han quoc duoc khong", "labour export")
n("plain", "ban dong co bao nhieu dang vien", "dong figures")
n("plain", "ty le ho ngheo rieng ho ngheo thoi la bao nhieu", "poor-only rate")
n("sms", "lai gui tk bn 1 thang", "savings")
n("sms", "vay mua xe may tra gop dc ko ad", "consumer loan")
n("english", "what will the weather be like tomorrow", "weather", lang="en")
n("english", "how many poor households are there in Ban Dong", "dong figures", lang="en")
n("english", "what is the price of tea leaves", "price", lang="en")

# --- need first, no loan word ------------------------------------------------------------
p("purpose", "nhà em muốn mua con trâu mà không có tiền", PROD, "buffalo")
p("purpose", "em muốn nuôi vài con bò sinh sản nhưng hết vốn rồi", PROD, "cattle")
p("purpose", "nhà cháu cần tiền làm chuồng lợn", PROD, "pig")
p("purpose", "em định mở tiệm cắt tóc nhưng thiếu tiền mua đồ", PROD, "shop")
p("purpose", "nhà em cần tiền làm nhà vệ sinh", WATER, "toilet")
p("purpose", "con em vào đại học mà nhà em không đủ tiền đóng học phí", SCHOOL, "university")
p("purpose", "em muốn sửa lại cái nhà bị nứt mà không có tiền", HOUSE, "house repair")
p("purpose", "nhà em thiếu vốn trồng bưởi", CROP, "fruit")
p("purpose", "em cần tiền mua máy lọc nước cho cả nhà", WATER, "water filter")
p("purpose", "cháu mất việc ở thành phố về quê, muốn tự làm gì đó mà không có tiền", JOB, "lost job")
p("purpose", "nhà em muốn trồng thêm quế trên đồi mà không đủ tiền mua giống", PROD, "forest")
p("purpose", "nhà em muốn nuôi ong nhưng không có tiền mua thùng", PROD, "bees")
p("purpose", "em muốn mua thêm con lợn giống mà hết tiền", PROD, "pig")
p("purpose", "nhà em bị thu hồi đất làm thủy điện, muốn tìm nghề khác mà thiếu vốn", NOLAND, "no land")
p("purpose", "em cần vốn để mở quán bán phở ở chợ xã", PROD, "shop")
p("purpose", "I want to raise goats but I have no money", PROD, "goat", lang="en")

# --- several questions at once -----------------------------------------------------------
d("multi", "vay hộ cận nghèo lãi suất bao nhiêu và vay được bao nhiêu tiền", "ho_can_ngheo", ["rate", "amount"])
d("multi", "vay sinh viên thì ai được vay, lãi bao nhiêu, bao giờ phải trả", "hoc_sinh_sinh_vien", ["eligibility", "rate", "term"])
d("multi", "vay việc làm tối đa bao nhiêu, có cần thế chấp không", "giai_quyet_viec_lam", ["amount", "collateral"])
d("multi", "cho em hỏi vay hộ nghèo lãi bao nhiêu, trả trong mấy năm, làm hồ sơ ở đâu ạ", "ho_ngheo", ["rate", "term", "apply"])
d("multi", "vay nước sạch thì ai được vay và vay được tối đa bao nhiêu", "nuoc_sach_vsmt", ["eligibility", "amount"])
d("multi", "hộ mới thoát nghèo vay lãi suất bao nhiêu với thời hạn bao lâu", "ho_moi_thoat_ngheo", ["rate", "term"])
d("multi", "vay vùng khó khăn có phải thế chấp không, lãi suất thế nào", "sxkd_vung_kho_khan", ["collateral", "rate"])
d("multi", "vay nha o xa hoi lai bao nhieu va vay duoc bao lau", "nha_o_xa_hoi", ["rate", "term"])
d("multi", "vay viec lam bao nhieu tuoi thi duoc vay va vay duoc bao nhieu", "giai_quyet_viec_lam", ["age", "amount"])
d("multi", "student loan: who can borrow and what is the interest rate?", "hoc_sinh_sinh_vien", ["eligibility", "rate"], lang="en")

# --- negation and exclusion ------------------------------------------------------------
p("negation", "nhà em không phải hộ nghèo cũng không phải cận nghèo, muốn vay nuôi lợn thì vay được gì", ["ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam"], "pig")
p("negation", "nhà em chưa được công nhận hộ nghèo, muốn vay trồng ngô", NOTPOOR_PROD, "maize")
p("negation", "nhà em có sổ hộ nghèo, muốn vay nuôi dê", POOR_PROD, "goat")
p("negation", "nhà em là hộ nghèo, muốn vay trồng cây ăn quả", POOR_CROP, "fruit")
p("negation", "nhà em thuộc diện cận nghèo, muốn vay nuôi bò", NEAR, "cattle")
p("negation", "nhà em vừa thoát nghèo, muốn vay trồng chè", ESC, "tea")
p("negation", "ngoài chương trình việc làm ra thì nuôi gà còn vay được gì nữa",
  ["ho_ngheo", "ho_can_ngheo", "ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "nd28_chuyen_doi_nghe"], "chicken")
p("negation", "trừ vay hộ cận nghèo ra, mở quán tạp hóa thì vay được chương trình nào",
  ["ho_ngheo", "ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"], "shop")
p("negation", "nhà em không nghèo nhưng muốn vay tiền nuôi cá", NOTPOOR_PROD, "fish")
d("negation", "nhà em không thuộc hộ nghèo thì có vay được vốn hộ cận nghèo không", "ho_can_ngheo", ["eligibility"])
d("negation", "không phải hộ nghèo có được vay hỗ trợ đất ở không", "nd28_ho_tro_dat_o", ["eligibility"])
d("negation", "vay nước sạch không cần thế chấp phải không ạ", "nuoc_sach_vsmt", ["collateral"])
d("negation", "nhà em khó khăn lắm, muốn hỏi vay hộ nghèo lãi suất bao nhiêu", "ho_ngheo", ["rate"],
  note="nhà khó khăn: the family's hardship, not the disadvantaged-area programme")

# --- Telex / VNI leftovers ---------------------------------------------------------------
d("telex_vni", "laix suaats vay hooj ngheof", "ho_ngheo", ["rate"])
d("telex_vni", "vay sinh vieen ddc bao nhieeu", "hoc_sinh_sinh_vien", ["amount"])
d("telex_vni", "vay nuowcs sachj owr ddaau", "nuoc_sach_vsmt", ["apply"])
d("telex_vni", "vaynhaoxahoi lai bao nhieu", "nha_o_xa_hoi", ["rate"])
p("telex_vni", "muoons vay nuooi boof", PROD, "cattle")
p("telex_vni", "vay troongf chef owr ddaau", CROP, "tea")
o("telex_vni", "banr ddoong ddatj maays tieeu chis", "criteria_summary", unit="dong")
f("telex_vni", "xax cos bao nhieeu ddangr vieen", "party_members")
d("telex_vni", "la4i sua61t vay ho65 nghe2o", "ho_ngheo", ["rate"], note="VNI")
o("telex_vni", "ddawng kys nhaanj thoong baos banr He", "subscribe", hamlets=["he"])

# --- SMS / teen-code -------------------------------------------------------------------
o("sms", "xoa tk", "forget", note="tk: tài khoản here")
o("sms", "ad xoa tk e di", "forget")
o("sms", "xoa tk cua minh nhe", "forget")
d("sms", "vay hn dc max bn tr", "ho_ngheo", ["amount"])
d("sms", "vay sv lai bn 1 thang", "hoc_sinh_sinh_vien", ["rate"])
d("sms", "vay gqvl bn nam", "giai_quyet_viec_lam", ["term"])
p("sms", "e mun vay nuoi bo dc ko ad", PROD, "cattle")
p("sms", "nha e mun lm nha vs vay o dau", WATER, "toilet", note="nhà vs: nhà vệ sinh")
o("sms", "ban dong con thieu tc nao", "criteria_remaining", unit="dong")
o("sms", "dk nhan tb ban dong", "subscribe", hamlets=["dong"])
o("sms", "ok ad", "ack")

# --- follow-ups in one message ("còn bản He thì sao") ------------------------------------
n("diacritics", "bản Đông đạt sáu tiêu chí rồi, còn bản He thì sao", "he criteria",
  note="Bản He has no criteria set in the content")
n("diacritics", "bản He có 46 đảng viên, còn bản Đông thì sao", "dong figures")
f("diacritics", "xã có 408 đảng viên, còn bản He thì sao", "party_members", unit="he",
  note="the follow-up is the question")
o("plain", "ban he thi sao", "unit_facts", unit="he", note="a hamlet alone: its figures (it has no criteria)")
f("diacritics", "bản He có 195 hộ, thế còn hộ nghèo thì sao", "poor_households", unit="he")

# --- English -------------------------------------------------------------------------
d("english", "what is the interest rate for the poor household loan", "ho_ngheo", ["rate"], lang="en")
d("english", "how much can a near-poor household borrow", "ho_can_ngheo", ["amount"], lang="en")
p("english", "I want to open a small grocery shop, which loan can I get", PROD, "shop", lang="en")
p("english", "my house was destroyed by a landslide, can I borrow to rebuild it", HOUSE, "rebuild house", lang="en")
f("english", "how many cooperatives are there in the commune", "cooperatives", lang="en")
o("english", "which criteria has Ban Dong not met yet", "criteria_remaining", unit="dong", lang="en")

# --- small talk ------------------------------------------------------------------------
o("smalltalk", "dạ em cảm ơn ad nhiều ạ", "thanks")
o("smalltalk", "vâng em biết rồi ạ", "ack")
o("smalltalk", "alo bot ơi có đấy không", "greeting")
o("smalltalk", "chào buổi tối", "greeting")
o("smalltalk", "🙏🙏🙏", "greeting")

# Found by check.py to be >= 90 % similar to some held-out question (compared by number only;
# nobody working on the understanding has read the held-out part): dropped.
NEAR_COPIES = ["bản he có bao nhiêu đảng viên", "Bản Đông còn những tiêu chí nào chưa đạt?", "Có thông báo gì mới không?", "Xóa hết thông tin của tôi đi.", "Xã trồng được bao nhiêu héc ta cỏ voi?", "xa co bao nhieu dang vien", "ban he con bao nhieu ho ngheo", "ban dong co bao nhieu ho dan", "ban he dat may tieu chi nong thon moi", "cả xã có bao nhiêu con trâu con bò", "xa co may hop tac xa", "vay tien di xuat khau lao dong han quoc duoc khong", "ban dong co bao nhieu dang vien", "laix suaats vay hooj ngheof", "ban dong con thieu tc nao", "what is the interest rate for the poor household loan"]

# Found by check.py to be >= 90 % similar to some question of heldout-2.toml (which landed on
# main after this part was written and tuned on; compared by number only): dropped. All of
# them were understood at this part's first run, so no rule was made for them.
NEAR_COPIES_2 = ["vay nước sạch nàm hồ sơ ở đâu", "Xã Chiềng Khoang đã đạt bao nhiêu tiêu chí nông thôn mới nâng cao?", "Tiêu chí y tế của xã đạt chưa?", "Tiêu chí môi trường của xã thế nào rồi?", "Diện tích rừng khoanh nuôi bảo vệ của xã là bao nhiêu?", "Bản He có tổng cộng bao nhiêu hộ?", "bản He đã đạt tiêu chí giao thông chưa", "banr ddoong ddatj maays tieeu chis"]

# --- written after the first tuning, to replace those (their first run is reported apart) --
LATE = [
    ("mountain_voice", "vay hộ cận nghèo thì nên đến đâu nàm thủ tục", "d", "ho_can_ngheo", ["apply"]),
    ("diacritics", "Xã mình hiện nay có bao nhiêu con gia cầm?", "f", "poultry", None),
    ("diacritics", "Tiêu chí điện của bản Đông đạt hay chưa?", "o", "criterion_detail", dict(criterion="dien", unit="dong")),
    ("plain", "vay hoc nghe cho con thi lai suat bao nhieu", "d", "hoc_sinh_sinh_vien", ["rate"]),
    ("rambling", "chào cán bộ, nhà em ở bản Đông, năm nay con em mười tám tuổi muốn đi học trung cấp nông nghiệp, em hỏi vay cho con đi học thì trả trong bao lâu ạ", "d", "hoc_sinh_sinh_vien", ["term"]),
    ("negation", "nhà em không phải cận nghèo, vay nuôi trâu được chương trình nào", "p", ["ho_ngheo", "ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"], "buffalo"),
    ("telex_vni", "vay hooj caanj ngheof laix bao nhieeu", "d", "ho_can_ngheo", ["rate"]),
    ("sms", "x minh co bn ha cay an qua", "f", "fruit_trees", None),
    ("diacritics", "Bản He còn lại bao nhiêu hộ nghèo vậy?", "f", "poor_households", dict(unit="he")),
    ("mountain_voice", "bản đông còn thiếu mấy tiêu chí nữa thì đạt lông thôn mới", "o", "criteria_remaining", dict(unit="dong")),
]
for style, text, kind, a1, a2 in LATE:
    if kind == "d":
        d(style, text, a1, a2, note="added after the first tuning")
    elif kind == "f":
        f(style, text, a1, note="added after the first tuning", **(a2 or {}))
    elif kind == "p":
        p(style, text, a1, a2, note="added after the first tuning")
    else:
        o(style, text, a1, note="added after the first tuning", **a2)

HEADER = ["# Loa Bản — THIRD TUNING part (issue 9). Format: see tests/corpus/README.md.",
          "#",
          "# Written 2026-12-02 (third round) by the engineer who tunes the understanding, from",
          "# /work/shared/domain and content/default.toml only, before tuning to it, in the styles the",
          "# held-out measurement found weakest (rambling, mountain voice, plain questions with full",
          "# diacritics, facts that look like loans, no answer, needs without a loan word, several",
          "# questions, negation, Telex/VNI, SMS, follow-ups). Generated by gen_tuning3.py (edit that",
          "# file, then `python3 tests/corpus/gen_tuning3.py`). Tuning only."]

write("tests/corpus/tuning-3.toml", HEADER, kept(Q, NEAR_COPIES, NEAR_COPIES_2))
