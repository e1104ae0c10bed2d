#!/usr/bin/env python3
"""Writes tuning-2.toml from the compact lists below (run from the repo root).

The second tuning part, written 2026-12-02 by the engineer who tunes the understanding, from
/work/shared/domain (village-vocabulary.md, loans.toml, criteria.toml, the seed article),
in the styles the first measurements found weakest. Tuning only: it says nothing about how
well the bot understands questions nobody tuned it to (that is heldout.toml's job).
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the corpus
from tuning_common import *  # noqa: E402,F403  (lists, p/d/f/n/o, Q, kept, write)

# --- need first (purpose) -------------------------------------------------------------
p("purpose", "nhà em muốn mua con trâu về cày, vay được ở đâu ạ", PROD, "buffalo")
p("purpose", "em định nuôi mấy con dê núi, thiếu vốn thì vay chỗ nào", PROD, "goat")
p("purpose", "nhà cháu muốn làm chuồng nuôi lợn nái, có vay được không ạ", PROD, "pig")
p("purpose", "vợ chồng em muốn nuôi ong lấy mật, cần vay ít vốn", PROD, "bees")
p("purpose", "cho em hỏi muốn nuôi vịt thì vay vốn chương trình nào", PROD, "duck")
p("purpose", "nhà em có cái ao muốn thả cá giống, vay ngân hàng chính sách được không", PROD, "fish")
p("purpose", "muốn trồng mắc ca trên đồi thì vay vốn ở đâu", CROP, "macadamia")
p("purpose", "em muốn trồng thêm cà phê, có chỗ nào cho vay lãi thấp không ạ", CROP, "coffee")
p("purpose", "nhà em định trồng xoài với nhãn trên nương, cần vay tiền mua cây giống", CROP, "fruit")
p("purpose", "muốn vay tiền mua phân bón cho ruộng ngô", CROP, "maize")
p("purpose", "em muốn trồng sâm với thảo quả dưới tán rừng, vay được chương trình gì", HERB, "herbs")
p("purpose", "nhà em muốn trồng cây thuốc nam, có vay ưu đãi không", HERB, "herbs")
p("purpose", "em muốn mở quán tạp hóa nhỏ ở đầu bản, vay vốn thế nào ạ", PROD, "shop")
p("purpose", "cháu muốn mở tiệm sửa xe máy ở chợ xã, thiếu tiền mua đồ nghề", PROD, "repair shop")
p("purpose", "em mới đi làm ở khu công nghiệp về, bị mất việc rồi, muốn vay vốn làm ăn", JOB, "lost job")
p("purpose", "con trai em thất nghiệp ở nhà, muốn vay để tự làm thì có được không", JOB, "unemployed")
p("purpose", "nhà em muốn xây cái bể chứa nước mưa, vay được không ạ", WATER, "water tank")
p("purpose", "em muốn làm nhà vệ sinh tự hoại cho nhà mình, có chương trình vay nào không", WATER, "toilet")
p("purpose", "nhà em muốn khoan giếng lấy nước ăn, vay ở đâu", WATER, "well")
p("purpose", "nhà em dột nát hết rồi muốn sửa lại nhà, vay vốn được không ạ", HOUSE, "house repair")
p("purpose", "nhà em bị lũ cuốn trôi nhà, giờ muốn dựng lại nhà thì vay ở đâu", HOUSE, "rebuild house",
  note="lũ cuốn: rebuild a house after a flood")
p("purpose", "em chưa có đất làm nhà, muốn vay mua đất ở", LAND, "residential land")
p("purpose", "con em đỗ đại học rồi mà nhà không có tiền đóng học phí, vay được không ạ", SCHOOL, "university")
p("purpose", "con gái em học trung cấp y, muốn vay tiền đóng học", SCHOOL, "vocational")
p("purpose", "cháu muốn đi học nghề hàn, có được vay tiền học không", SCHOOL, "vocational")
p("purpose", "nhà em mất đất sản xuất vì làm đường, muốn chuyển sang nghề khác thì vay gì", NOLAND, "no land")
p("purpose", "em cần tiền mua máy xay xát gạo để làm dịch vụ cho bản", PROD, "service")
p("purpose", "muốn trồng quế trồng keo thì vay vốn ở đâu ạ", PROD, "forest",
  note="planting forest counts with livestock and shop: job conversion included")
p("purpose", "nhà tôi muốn mua thêm bò giống, hỏi chỗ vay", PROD, "cattle")
p("purpose", "gia đình em muốn nuôi gà đẻ trứng bán, cần vay khoảng ba chục triệu", PROD, "chicken")
p("english", "I want to borrow money to buy a buffalo", PROD, "buffalo", lang="en")
p("english", "can I get a loan to plant coffee?", CROP, "coffee", lang="en")
p("english", "my son got into university, is there a loan for his fees", SCHOOL, "university", lang="en")
p("english", "we need money to build a toilet", WATER, "toilet", lang="en")
p("english", "I lost my job in the city, any loan to start something at home?", JOB, "lost job", lang="en")

# --- mountain speech, voice-to-text, no punctuation -------------------------------------
p("mountain_voice", "nhà em muốn nuôi nợn thì vay ở đâu", PROD, "pig")
p("mountain_voice", "em muốn vay tiền mua châu về nuôi", PROD, "buffalo")
p("mountain_voice", "cho em hỏi nà muốn chồng chè thì vay được không", CROP, "tea")
p("mountain_voice", "nhà em muốn nàm nhà mới vay được bao nhiêu", HOUSE, "house",
  note="a need with an amount, before knowing the programme: the programmes that fit")
p("mountain_voice", "em muốn vay vốn nuôi bò ba con bò thì vay ở đâu lãi bao nhiêu", PROD, "cattle")
p("mountain_voice", "con em đỗ cao đẳng rồi nhà em khó khăn muốn vay tiền cho con đi học", SCHOOL, "college",
  note="nhà khó khăn is the family's hardship, not the disadvantaged-area programme")
d("mountain_voice", "nãi suất vay hộ cận nghèo nà bao nhiêu", "ho_can_ngheo", ["rate"])
d("mountain_voice", "vay sinh viên thì bao nâu phải chả", "hoc_sinh_sinh_vien", ["term"])
d("mountain_voice", "hộ nghèo vay được mấy chăm triệu", "ho_ngheo", ["amount"])
o("mountain_voice", "bản đông đạt mấy tiêu chí nông thôn mới rồi", "criteria_summary", unit="dong")
o("mountain_voice", "xã mình còn thiếu tiêu chí nào nữa thì mới đạt", "criteria_remaining", unit="chieng_khoang")
f("mountain_voice", "bản he có bao nhiêu nóc nhà", "households", unit="he")
f("mountain_voice", "thu nhập bình quân đầu người của xã mình một năm được bao nhiêu", "income_per_person")

# --- several questions in one message -------------------------------------------------
d("multi", "vay hộ nghèo được bao nhiêu, lãi bao nhiêu, mấy năm phải trả", "ho_ngheo", ["amount", "rate", "term"])
d("multi", "vay việc làm có phải thế chấp không và vay tối đa bao nhiêu", "giai_quyet_viec_lam", ["collateral", "amount"])
d("multi", "vay nước sạch lãi suất bao nhiêu, làm hồ sơ ở đâu", "nuoc_sach_vsmt", ["rate", "apply"])
d("multi", "cho vay sinh viên: ai được vay và mỗi tháng được bao nhiêu", "hoc_sinh_sinh_vien", ["eligibility", "amount"])
d("multi", "hộ cận nghèo vay thì lãi mấy phần trăm, trả trong bao lâu", "ho_can_ngheo", ["rate", "term"])
d("multi", "hộ mới thoát nghèo vay được bao nhiêu tiền và có cần sổ đỏ không", "ho_moi_thoat_ngheo", ["amount", "collateral"])
d("multi", "vay vùng khó khăn thì điều kiện thế nào, lãi suất bao nhiêu", "sxkd_vung_kho_khan", ["eligibility", "rate"])
d("multi", "lãi suất với thời hạn vay hộ nghèo", "ho_ngheo", ["rate", "term"])
d("multi", "student loan: how much per month and when do we repay", "hoc_sinh_sinh_vien", ["amount", "term"], lang="en")
d("multi", "near-poor loan rate and maximum amount?", "ho_can_ngheo", ["rate", "amount"], lang="en")

# --- negation and exclusion -----------------------------------------------------------
p("negation", "nhà em không phải hộ nghèo, muốn vay nuôi dê được không", NOTPOOR_PROD, "goat")
p("negation", "em chưa có sổ hộ nghèo, muốn vay vốn trồng chè thì vay gì", NOTPOOR_CROP, "tea")
p("negation", "nhà em không thuộc hộ nghèo hay cận nghèo, muốn vay mở quán", ["ho_moi_thoat_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam"], "shop")
p("negation", "không nghèo không cận nghèo cũng không mới thoát nghèo thì vay nuôi bò được chương trình nào", NONE3, "cattle")
p("negation", "nhà em là hộ nghèo, muốn vay nuôi lợn", POOR_PROD, "pig")
p("negation", "nhà em thuộc hộ cận nghèo muốn vay trồng cà phê", NEAR, "coffee")
p("negation", "nhà em mới thoát nghèo năm ngoái, giờ muốn vay nuôi gà", ESC, "chicken")
p("negation", "ngoài vay hộ nghèo ra thì nuôi bò còn vay được chương trình nào", [x for x in PROD if x != "ho_ngheo"], "cattle")
p("negation", "trừ vay việc làm ra, trồng ngô thì có chương trình nào", ["ho_ngheo", "ho_can_ngheo", "ho_moi_thoat_ngheo", "sxkd_vung_kho_khan"], "maize")
p("negation", "we are not poor, can we borrow to raise pigs", NOTPOOR_PROD, "pig", lang="en")
d("negation", "không phải hộ nghèo thì có vay được vốn vùng khó khăn không", "sxkd_vung_kho_khan", ["eligibility"])
d("negation", "nhà em chưa có tên trong danh sách hộ nghèo thì có được vay hộ nghèo không", "ho_ngheo", ["eligibility"])
d("negation", "vay hộ nghèo có cần thế chấp không", "ho_ngheo", ["collateral"],
  note="có cần … không asks about a requirement: collateral")
d("negation", "vay sinh viên không cần thế chấp đúng không ạ", "hoc_sinh_sinh_vien", ["collateral"])

# --- typos and glued words ------------------------------------------------------------
d("typo_glued", "laixuat vayhocannghe", "ho_can_ngheo", ["rate"])
d("typo_glued", "vaysinhvien duoc baonhieu", "hoc_sinh_sinh_vien", ["amount"])
d("typo_glued", "vay hongeo lai suat bao nhieu", "ho_ngheo", ["rate"])
d("typo_glued", "laisuat vay nuocsach", "nuoc_sach_vsmt", ["rate"])
d("typo_glued", "vay giai quyet viec lam thoihan baolau", "giai_quyet_viec_lam", ["term"])
d("typo_glued", "vay ho moi thoat nghro dc bn", "ho_moi_thoat_ngheo", ["amount"])
d("typo_glued", "thechap vay vieclam", "giai_quyet_viec_lam", ["collateral"])
o("typo_glued", "bandong dat bao nhieu tieu chi", "criteria_summary", unit="dong")
o("typo_glued", "tieuchi xa conthieu gi", "criteria_remaining", unit="chieng_khoang")
p("typo_glued", "muonvay nuoibo", PROD, "cattle")
p("typo_glued", "vay von nuoi de dk ko", PROD, "goat")
p("typo_glued", "vayvon trongche", CROP, "tea")
f("typo_glued", "sodangvien banhe", "party_members", unit="he")
f("typo_glued", "xa co bao nhieu hoptacxa", "cooperatives")

# --- SMS / teen-code ------------------------------------------------------------------
d("sms", "vay hn lai bn v ad", "ho_ngheo", ["rate"],
  note="hn: hộ nghèo")
d("sms", "vay sv dc max bn", "hoc_sinh_sinh_vien", ["amount"])
d("sms", "vay gqvl co can the chap ko", "giai_quyet_viec_lam", ["collateral"],
  note="gqvl: giải quyết việc làm")
d("sms", "ho can ngheo vay bn nam", "ho_can_ngheo", ["term"])
d("sms", "vay nuoc sach o dau ad", "nuoc_sach_vsmt", ["apply"])
p("sms", "e mun vay nuoi ga dc k", PROD, "chicken")
p("sms", "nha e mun xay nha ve sinh vay dc ko", WATER, "toilet")
p("sms", "con e vao dh mun vay tien hoc", SCHOOL, "university")
o("sms", "ban dong dat may tc r", "criteria_summary", unit="dong")
o("sms", "dk nhan tb ban he", "subscribe", hamlets=["he"])
o("sms", "huy dk ban dong", "unsubscribe")
f("sms", "ban he bn ho ngheo", "poor_households", unit="he")
o("sms", "tks ad nhe", "thanks")

# --- rambling, with greetings ---------------------------------------------------------
p("rambling", "dạ em chào anh chị ạ, em ở bản Đông, nhà em có năm khẩu, mấy năm nay trồng ngô không được giá, em với chồng em bàn là muốn chuyển sang nuôi bò sinh sản, mà tiền thì không có, anh chị cho em hỏi là có chương trình nào cho vay không ạ, em cảm ơn",
  PROD, "cattle")
p("rambling", "chào ad, cháu là sinh viên năm nhất ở Hà Nội, nhà cháu ở bản He, bố mẹ cháu làm nương không đủ tiền cho cháu đi học, cháu nghe bạn bảo là có vay cho sinh viên, cháu muốn hỏi là vay thế nào ạ",
  SCHOOL, "university",
  note="a need (study fees) and how to borrow: the student programme")
d("rambling", "em chào bot, nhà em thuộc diện hộ nghèo của xã, năm ngoái em vay được hai chục triệu nuôi lợn rồi, giờ em muốn hỏi lãi suất hộ nghèo hiện nay là bao nhiêu một tháng để em tính tiền trả ạ",
  "ho_ngheo", ["rate"])
p("rambling", "anh chị ơi cho em hỏi chút, nhà em ở bản He, cái nhà vệ sinh nhà em làm bằng tre nứa từ lâu rồi, giờ hỏng hết, cán bộ y tế bảo phải làm nhà tiêu hợp vệ sinh, em muốn vay tiền làm thì vay ở đâu ạ",
  WATER, "toilet")
o("rambling", "chào anh chị, em là người bản Đông, hôm trước họp bản nghe trưởng bản nói bản mình sắp đạt nông thôn mới, em muốn biết bản em còn thiếu những tiêu chí gì nữa ạ",
  "criteria_remaining", unit="dong")
f("rambling", "dạ em chào ad, em đang làm bài tập cho con, cô giáo bảo tìm hiểu xã mình có bao nhiêu đảng viên, ad biết không ạ",
  "party_members")
n("rambling", "chào bot, dạo này trâu bò ốm nhiều quá, nhà em có con bò bị lở mồm long móng, em hỏi ở xã có ai tiêm phòng không ạ",
  "vaccination")
d("rambling", "em chào anh chị, em đang làm công nhân ở Bắc Ninh nhưng muốn về quê, em nghe nói có chương trình vay giải quyết việc làm, em hỏi vay tối đa được bao nhiêu ạ",
  "giai_quyet_viec_lam", ["amount"])
p("rambling", "alo ad ơi, nhà em có mấy sào ruộng bậc thang, năm nay muốn trồng lúa nếp giống mới nhưng không có tiền mua giống với phân, em có được vay không ạ, cảm ơn ad nhiều",
  CROP, "rice")
o("rambling", "chào bot nhé, tôi là trưởng họ ở bản He, bà con trong họ muốn nhận thông báo của bản qua điện thoại thì đăng ký thế nào",
  "subscribe", hamlets=["he"])

# --- no answer: the content cannot answer (never a figure) ------------------------------
n("diacritics", "giá bò hơi bây giờ bao nhiêu một cân", "price")
n("diacritics", "lãi suất gửi tiết kiệm ở ngân hàng bao nhiêu", "savings")
n("diacritics", "vay mua xe máy trả góp lãi bao nhiêu", "consumer loan")
n("diacritics", "đi xuất khẩu lao động Nhật có được vay không", "labour export")
n("diacritics", "vay ngân hàng nông nghiệp lãi bao nhiêu", "other bank")
n("diacritics", "bản Đông có bao nhiêu hộ", "dong figures",
  note="the content has no figures for Bản Đông")
n("diacritics", "bản Đông có mấy đảng viên", "dong figures")
n("diacritics", "bản Đông còn bao nhiêu hộ nghèo", "dong figures")
n("diacritics", "bản He đạt mấy tiêu chí nông thôn mới", "he criteria",
  note="Bản He has no criteria set in the content")
n("diacritics", "xã mình có bao nhiêu hộ dân", "commune households")
n("diacritics", "xã có bao nhiêu người", "commune population")
n("diacritics", "tỷ lệ hộ nghèo riêng thôi, không tính cận nghèo, của xã là bao nhiêu", "poor-only rate")
n("diacritics", "làm đường bị mất đất thì được bồi thường bao nhiêu", "compensation")
n("diacritics", "mai có mưa không", "weather")
n("plain", "gia lon hoi hom nay bao nhieu", "price")
n("plain", "vay mua dien thoai tra gop duoc khong", "consumer loan")
n("plain", "ban dong co bao nhieu ho ngheo", "dong figures")
n("plain", "ban he dat bao nhieu tieu chi roi", "he criteria")
n("plain", "lai gui tiet kiem bao nhieu", "savings")
n("plain", "bao gio thi lam xong duong vao ban", "when")
n("sms", "gia che bup tuoi bn 1 kg", "price")
n("sms", "vay mua oto dc ko", "consumer loan")
n("english", "what is the price of a cow now", "price", lang="en")
n("english", "how many households does Ban Dong have", "dong figures", lang="en")
n("english", "savings interest rate at the bank?", "savings", lang="en")
n("mountain_voice", "giá ngô năm nay bao nhiêu một cân", "price")
n("rambling", "chào ad, em muốn hỏi là con em đi xuất khẩu lao động Hàn Quốc thì phải nộp bao nhiêu tiền, có được vay ngân hàng chính sách không ạ", "labour export",
  note="labour-export loans are not in the content")

# --- facts that look like loans (subject before figure) ---------------------------------
f("diacritics", "tỷ lệ hộ nghèo của xã mình bây giờ là bao nhiêu", "poor_near_poor_rate")
f("diacritics", "xã có bao nhiêu con trâu bò", "cattle_buffalo")
f("diacritics", "diện tích chè của xã là bao nhiêu", "tea")
f("diacritics", "hội phụ nữ xã cho hội viên vay được bao nhiêu tiền rồi", "womens_union_lent")
f("diacritics", "có bao nhiêu gia đình đã thoát nghèo nhờ hội phụ nữ", "families_out_of_poverty")
f("diacritics", "dư nợ vốn vay ưu đãi của xã là bao nhiêu", "preferential_loans_outstanding")
f("diacritics", "xã mình có mấy chi bộ", "party_cells")
f("diacritics", "bản He còn mấy hộ nghèo", "poor_households", unit="he")
f("diacritics", "xã có bao nhiêu ha rừng", "forest_protected")
f("diacritics", "cả xã nuôi được bao nhiêu con gà", "poultry")
f("plain", "ty le ho ngheo xa chieng khoang", "poor_near_poor_rate")
f("plain", "xa minh co bao nhieu hop tac xa", "cooperatives")
f("plain", "ban he co bao nhieu dang vien", "party_members", unit="he")
f("english", "what is the poverty rate of the commune", "poor_near_poor_rate", lang="en")
f("english", "how many party members does the commune have", "party_members", lang="en")
o("diacritics", "tiêu chí thu nhập của xã đạt chưa", "criterion_detail", criterion="thu_nhap", unit="chieng_khoang")
d("diacritics", "bao nhiêu tuổi thì được vay vốn việc làm", "giai_quyet_viec_lam", ["age"])
d("diacritics", "nhà em khó khăn, con vay sinh viên thì được bao nhiêu một tháng", "hoc_sinh_sinh_vien", ["amount"],
  note="nhà khó khăn is family hardship")

# --- general loan questions and conversation --------------------------------------------
o("diacritics", "muốn vay vốn thì cần giấy tờ gì", "loan_process")
o("diacritics", "nhận tiền vay ở đâu ạ", "loan_process")
o("plain", "tra lai o dau", "loan_process")
o("diacritics", "ngân hàng chính sách có những chương trình vay nào", "loans")
o("smalltalk", "cảm ơn bot nhiều nhé", "thanks")
o("smalltalk", "dạ vâng ạ", "ack")
o("smalltalk", "ok em hiểu rồi", "ack")
o("smalltalk", "bot ơi", "greeting")
o("smalltalk", "em chào anh chị ạ", "greeting")
o("smalltalk", "👍👍", "greeting")
o("smalltalk", "thank you so much", "thanks", lang="en")

# Written here first, then found by check.py to be >= 90 % similar to some held-out question
# (which nobody working on the understanding has read): dropped, so that the tuning part
# holds no near copy of the held-out one.
NEAR_COPIES = ['bản He có bao nhiêu hộ cận nghèo', 'xã có bao nhiêu đảng viên nữ', 'thu nhập bình quân một người một năm của xã là bao nhiêu', 'hộ nghèo vay được mấy chăm triệu', 'bản đông đạt mấy tiêu chí nông thôn mới rồi', 'ngoài vay hộ nghèo ra thì nuôi bò còn vay được chương trình nào', 'dk nhan tb ban he', 'ban he bn ho ngheo', 'bản Đông có bao nhiêu hộ', 'bản He đạt mấy tiêu chí nông thôn mới', 'xã có bao nhiêu con trâu bò', 'diện tích chè của xã là bao nhiêu', 'hội phụ nữ xã cho hội viên vay được bao nhiêu tiền rồi', 'dư nợ vốn vay ưu đãi của xã là bao nhiêu', 'ban he co bao nhieu dang vien', 'tiêu chí thu nhập của xã đạt chưa', 'nhận tiền vay ở đâu ạ', 'ok em hiểu rồi', 'bot ơi']


# --- round 2 (written after the midway held-out summary, still from the domain files only) --
p("negation", "nhà em đâu phải hộ nghèo, vay nuôi lợn được không", NOTPOOR_PROD, "pig")
p("negation", "nhà em không được xếp vào hộ nghèo, muốn trồng chè thì vay gì", NOTPOOR_CROP, "tea")
p("negation", "nhà tôi không nghèo, muốn vay vốn nuôi bò", NOTPOOR_PROD, "cattle")
p("negation", "chẳng phải hộ nghèo đâu, nhà em muốn vay mở tiệm tạp hóa", NOTPOOR_PROD, "shop")
p("negation", "nhà em không có tên trong danh sách nghèo, vay nuôi dê thì vay chương trình nào", NOTPOOR_PROD, "goat")
p("purpose", "con em đi học xa rồi, giờ ở nhà em muốn vay nuôi lợn", PROD, "pig",
  note="the child at school is the story; the loan is for pigs")
p("purpose", "nhà em trồng lúa không đủ ăn, muốn vay nuôi gà", PROD, "chicken",
  note="không đủ ăn is hardship, not a standing")
p("purpose", "năm ngoái nhà em trồng ngô mất giá, năm nay muốn vay chuyển sang nuôi bò", PROD, "cattle")
p("rambling", "dạ em chào ad, đợt mưa vừa rồi làm sập chuồng lợn nhà em, em muốn vay ít tiền làm lại chuồng và mua lợn giống ạ", PROD, "pen")
n("diacritics", "giá lợn giống bây giờ bao nhiêu, em định mua về nuôi", "price",
  note="a price asked: the content has none, even with a need around it")
n("plain", "gia trau bo hien nay the nao", "price")
n("diacritics", "vay tiền mua đất làm ruộng được không", "production land",
  note="land to farm is not residential land; no programme in the content is for it")
n("diacritics", "bản He có bao nhiêu hộ cận nghèo", "he near-poor count",
  note="the content has Bản He's households and poor households, not near-poor ones")
n("diacritics", "bản He có bao nhiêu hộ nghèo được vay vốn", "loans per hamlet")
n("diacritics", "xã có bao nhiêu đảng viên nữ", "women party members")
n("sms", "vay tien chua benh dc ko", "health loan")
n("diacritics", "vay tiền làm đám cưới cho con được không", "consumer loan")
n("plain", "bao gio ban dong dat nong thon moi", "when")
f("diacritics", "thu nhập bình quân một người một năm của xã là bao nhiêu", "income_per_person")
f("plain", "xa co bao nhieu ha cay an qua", "fruit_trees")
f("diacritics", "em không hỏi vay đâu, xã có mấy hợp tác xã", "cooperatives")
d("diacritics", "nhà em thuộc hộ nghèo, vay hỗ trợ nhà ở được bao nhiêu", "nd28_ho_tro_nha_o", ["amount"],
  note="the standing says who asks; the programme is named")
d("diacritics", "hộ cận nghèo vay lãi suất bao nhiêu một năm", "ho_can_ngheo", ["rate"])
d("sms", "vay hcn dc bn tr", "ho_can_ngheo", ["amount"], note="hcn: hộ cận nghèo")
d("multi", "vay nước sạch lãi bao nhiêu và được vay tối đa bao nhiêu", "nuoc_sach_vsmt", ["rate", "amount"])

HEADER = ["# Loa Bản — SECOND TUNING part (issue 9). Format: see tests/corpus/README.md.",
          "#",
          "# Written 2026-12-02 by the engineer who tunes the understanding (not the corpus engineer),",
          "# from /work/shared/domain only, in the styles the first measurement found weakest: need",
          "# first, several questions at once, negation, typos and glued words, SMS, rambling, questions",
          "# the content cannot answer, facts that look like loans. Generated by gen_tuning2.py (edit",
          "# that file, then `python3 tests/corpus/gen_tuning2.py`). Tuning only."]

write("tests/corpus/tuning-2.toml", HEADER, kept(Q, NEAR_COPIES))
