//! The understanding of typical questions, on a small catalog shaped like the default one.

use super::Understander;
use super::decide::top_level;
use crate::content::model::Standing;
use crate::core::catalog::Catalog;
use crate::core::catalog::{LoanTraits, NamedEntry, UnitContent};
use crate::core::request::LoanAspect::{self, Amount, Apply, Eligibility, Rate, Term};
use crate::core::request::Request;
use crate::i18n::Locale;

fn entry(id: &str, names: &[&str]) -> NamedEntry {
    NamedEntry {
        id: id.to_string(),
        names: names.iter().map(|n| n.to_string()).collect(),
    }
}

fn catalog() -> Catalog {
    Catalog {
        commune: Some(entry(
            "chieng_khoang",
            &["xã Chiềng Khoang", "Chiềng Khoang", "xã"],
        )),
        hamlets: vec![
            entry("dong", &["Bản Đông", "Đông"]),
            entry("he", &["Bản He", "He"]),
            entry("na_lai", &["Bản Nà Lại", "Nà Lại"]),
        ],
        programmes: vec![
            entry("ho_ngheo", &["Cho vay hộ nghèo", "hộ nghèo"]),
            entry(
                "ho_can_ngheo",
                &["Cho vay hộ cận nghèo", "hộ cận nghèo", "cận nghèo"],
            ),
            entry(
                "ho_moi_thoat_ngheo",
                &["hộ mới thoát nghèo", "mới thoát nghèo"],
            ),
            entry(
                "sxkd_vung_kho_khan",
                &["sản xuất kinh doanh vùng khó khăn", "vùng khó khăn"],
            ),
            entry(
                "giai_quyet_viec_lam",
                &["giải quyết việc làm", "tạo việc làm", "việc làm"],
            ),
            entry(
                "nuoc_sach_vsmt",
                &["nước sạch", "vệ sinh môi trường nông thôn", "nhà tiêu"],
            ),
            entry(
                "hoc_sinh_sinh_vien",
                &["học sinh sinh viên", "sinh viên", "học sinh"],
            ),
            entry("nha_o_xa_hoi", &["nhà ở xã hội"]),
            entry("nd28_ho_tro_dat_o", &["hỗ trợ đất ở", "đất ở"]),
            entry("nd28_ho_tro_nha_o", &["hỗ trợ nhà ở"]),
            entry("nd28_chuyen_doi_nghe", &["chuyển đổi nghề"]),
            entry("nd28_duoc_lieu", &["dược liệu"]),
        ],
        criteria: vec![
            entry("giao_thong", &["Giao thông", "đường"]),
            entry("thu_nhap", &["Thu nhập"]),
            entry("dien", &["Điện"]),
            entry("nha_van_hoa", &["Nhà văn hóa"]),
            entry("ve_sinh_moi_truong", &["Vệ sinh môi trường"]),
            entry("quy_uoc_huong_uoc", &["quy ước", "hương ước"]),
            entry("y_te", &["Y tế"]),
            entry("quy_hoach", &["Quy hoạch"]),
            entry("thuy_loi", &["Thủy lợi"]),
            entry("giao_duc", &["Giáo dục"]),
        ],
        facts: vec![
            entry(
                "households",
                &["Số hộ", "số hộ", "bao nhiêu hộ", "households"],
            ),
            entry("party_members", &["Số đảng viên", "đảng viên"]),
            entry("cooperatives", &["Số hợp tác xã", "hợp tác xã", "htx"]),
            entry(
                "poor_households",
                &["Số hộ nghèo", "hộ nghèo", "số hộ nghèo"],
            ),
            entry(
                "poor_near_poor_rate",
                &[
                    "Tỷ lệ hộ nghèo và cận nghèo",
                    "tỷ lệ hộ nghèo",
                    "hộ nghèo và cận nghèo",
                ],
            ),
        ],
        units: vec![
            unit(
                CK,
                ALL_CRITERIA,
                &["party_members", "cooperatives", "poor_near_poor_rate"],
            ),
            unit("dong", ALL_CRITERIA, &[]),
            unit(
                "he",
                ALL_CRITERIA,
                &["households", "party_members", "poor_households"],
            ),
            unit("na_lai", ALL_CRITERIA, &[]),
        ],
        loans: vec![
            traits(
                "ho_ngheo",
                &["chăn nuôi", "trồng trọt"],
                &[Standing::Poor],
                &[],
            ),
            traits(
                "ho_can_ngheo",
                &["chăn nuôi", "trồng trọt"],
                &[Standing::NearPoor],
                &[],
            ),
            traits(
                "sxkd_vung_kho_khan",
                &["chăn nuôi", "trồng trọt"],
                &[],
                &[Standing::Poor, Standing::NearPoor, Standing::Escaped],
            ),
            traits(
                "giai_quyet_viec_lam",
                &["chăn nuôi", "việc làm", "mất việc"],
                &[],
                &[],
            ),
            traits("nuoc_sach_vsmt", &["nước sạch", "nhà vệ sinh"], &[], &[]),
            traits("hoc_sinh_sinh_vien", &["học hành"], &[], &[]),
        ],
    }
}

const ALL_CRITERIA: &[&str] = &[
    "giao_thong",
    "thu_nhap",
    "dien",
    "nha_van_hoa",
    "ve_sinh_moi_truong",
    "quy_uoc_huong_uoc",
    "y_te",
    "quy_hoach",
    "thuy_loi",
    "giao_duc",
];

fn unit(id: &str, criteria: &[&str], facts: &[&str]) -> UnitContent {
    UnitContent {
        id: id.into(),
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        facts: facts.iter().map(|f| f.to_string()).collect(),
        as_of: "2023".into(),
    }
}

fn traits(id: &str, purposes: &[&str], only_for: &[Standing], not_for: &[Standing]) -> LoanTraits {
    LoanTraits {
        id: id.into(),
        purposes: purposes.iter().map(|p| p.to_string()).collect(),
        only_for: only_for.to_vec(),
        not_for: not_for.to_vec(),
        not_while_owing: vec![],
        for_organisations: false,
    }
}

fn summary(unit: &str) -> Request {
    Request::CriteriaSummary { unit: unit.into() }
}

fn remaining(unit: &str) -> Request {
    Request::CriteriaRemaining { unit: unit.into() }
}

fn list(unit: &str) -> Request {
    Request::CriteriaList { unit: unit.into() }
}

fn detail(unit: &str, criterion: &str) -> Request {
    Request::CriterionDetail {
        unit: unit.into(),
        criterion: criterion.into(),
    }
}

fn facts(unit: &str) -> Request {
    Request::UnitFacts { unit: unit.into() }
}

fn loan(programme: &str, aspect: Option<LoanAspect>) -> Request {
    Request::LoanDetail {
        programme: programme.into(),
        aspects: aspect.into_iter().collect(),
    }
}

fn loan_aspects(programme: &str, aspects: &[LoanAspect]) -> Request {
    Request::LoanDetail {
        programme: programme.into(),
        aspects: aspects.to_vec(),
    }
}

fn by_purpose(programmes: &[&str]) -> Request {
    Request::LoansByPurpose {
        programmes: programmes.iter().map(|p| p.to_string()).collect(),
    }
}

fn no_answer(unit: &str) -> Request {
    Request::NoAnswer {
        unit: Some(unit.into()),
    }
}

fn fact(unit: &str, key: &str) -> Request {
    Request::Fact {
        unit: unit.into(),
        fact: key.into(),
    }
}

fn sub(hamlets: &[&str]) -> Request {
    Request::Subscribe {
        hamlets: hamlets.iter().map(|h| h.to_string()).collect(),
    }
}

fn switch(to: &[&str], from: &[&str]) -> Request {
    let ids = |v: &[&str]| v.iter().map(|h| h.to_string()).collect();
    Request::Switch {
        to: ids(to),
        from: ids(from),
    }
}

fn unsub(hamlets: &[&str]) -> Request {
    Request::Unsubscribe {
        hamlets: hamlets.iter().map(|h| h.to_string()).collect(),
    }
}

fn unsure(suggestions: Vec<Request>) -> Request {
    Request::NotUnderstood { suggestions }
}

fn hamlet_alone(unit: &str) -> Request {
    unsure(vec![summary(unit), sub(&[unit]), facts(unit)])
}

fn lang(locale: Option<Locale>) -> Request {
    Request::Language { locale }
}

const CK: &str = "chieng_khoang";

/// (what was typed, what it asks for).
fn cases() -> Vec<(&'static str, Request)> {
    use Request as R;
    vec![
        // Menu numbers and the empty edge.
        ("1", R::MenuChoice(1)),
        ("2", R::MenuChoice(2)),
        (" 3 ", R::MenuChoice(3)),
        ("2.", R::MenuChoice(2)),
        ("0", top_level()),
        ("", R::Menu),
        ("   \t\n", R::Menu),
        ("😀👍", R::Menu),
        ("\u{7}\u{1b}", R::Menu),
        ("/tieuchi", unsure(vec![])),
        ("  /vay ho_ngheo", unsure(vec![])),
        // Greetings and help.
        ("xin chào", R::Menu),
        ("Xin chao!", R::Menu),
        ("chao", R::Menu),
        ("chào bạn", R::Menu),
        ("hello", R::Menu),
        ("hi", R::Menu),
        ("alo", R::Menu),
        ("giúp", R::Help),
        ("giup toi voi", R::Help),
        ("hướng dẫn", R::Help),
        ("huong dan", R::Help),
        ("help", R::Help),
        ("tro giup", R::Help),
        // Criteria: summary.
        ("Bản Đông đạt mấy tiêu chí?", summary("dong")),
        ("ban dong dat may tieu chi", summary("dong")),
        ("BẢN ĐÔNG ĐẠT MẤY TIÊU CHÍ", summary("dong")),
        (
            // NFD: every mark a separate code point.
            concat!(
                "Ba\u{0309}n \u{0110}o\u{0302}ng \u{0111}a\u{0323}t ",
                "ma\u{0302}\u{0301}y tie\u{0302}u chi\u{0301}"
            ),
            summary("dong"),
        ),
        ("tiêu chí", summary(CK)),
        ("tieu chi", summary(CK)),
        ("tiêu chí đông", summary("dong")),
        ("tieu chi he", summary("he")),
        ("bản Nà Lại đạt chuẩn nông thôn mới chưa", summary("na_lai")),
        ("xã đạt chuẩn nông thôn mới chưa", summary(CK)),
        ("tiêu chí của toàn xã", summary(CK)),
        ("ntm", summary(CK)),
        ("xin chào, bản Đông đạt mấy tiêu chí", summary("dong")),
        ("bản đông đạt mấy tiêu chí vậy", summary("dong")),
        ("ban dong dat may tieu chi vay", summary("dong")),
        ("criteria ban dong", summary("dong")),
        ("new rural criteria", summary(CK)),
        ("tieu chi ban dong va ban he", R::CriteriaOverview),
        ("tiêu chí từng bản", R::CriteriaOverview),
        // Criteria: what is left, the list, one criterion.
        ("bản đông còn thiếu tiêu chí nào", remaining("dong")),
        ("ban dong con thieu gi", remaining("dong")),
        ("bản he còn lại những gì", remaining("he")),
        ("ban na lai con thieu gi", remaining("na_lai")),
        ("những tiêu chí nào bản he chưa đạt", remaining("he")),
        ("xã còn phải làm gì để đạt nông thôn mới", remaining(CK)),
        ("what is left for ban he", remaining("he")),
        ("remaining criteria commune", remaining(CK)),
        ("danh sách tiêu chí bản nà lại", list("na_lai")),
        ("liet ke tieu chi ban dong", list("dong")),
        ("bản đông đạt những tiêu chí nào", list("dong")),
        ("list criteria ban he", list("he")),
        ("which criteria", list(CK)),
        ("tiêu chí giao thông bản đông", detail("dong", "giao_thong")),
        ("đường bản đông đã đạt chưa", detail("dong", "giao_thong")),
        ("Bản Đông đạt tiêu chí điện chưa", detail("dong", "dien")),
        ("nhà văn hóa bản he", detail("he", "nha_van_hoa")),
        (
            "tiêu chí nhà văn hoá bản đông",
            detail("dong", "nha_van_hoa"),
        ),
        ("thu nhập bản đông", detail("dong", "thu_nhap")),
        ("tieu chi thuy loi", detail(CK, "thuy_loi")),
        (
            "hương ước bản nà lại",
            detail("na_lai", "quy_uoc_huong_uoc"),
        ),
        // Facts.
        ("Bản Đông có bao nhiêu hộ nghèo?", no_answer("dong")),
        ("ban dong co bao nhieu ho", no_answer("dong")),
        ("ban he co bao nhieu ho", fact("he", "households")),
        ("so ho ngheo ban he", fact("he", "poor_households")),
        ("xã có mấy hợp tác xã", fact(CK, "cooperatives")),
        ("soluong htx cua xa", fact(CK, "cooperatives")),
        ("số hộ nghèo xã chiềng khoang", no_answer(CK)),
        ("dân số bản he", no_answer("he")),
        ("dan so", R::NoAnswer { unit: None }),
        ("bao nhiêu hộ", unsure(vec![fact("he", "households")])),
        ("thu nhập bình quân bản nà lại", no_answer("na_lai")),
        ("đảng viên", fact(CK, "party_members")),
        ("households in ban dong", no_answer("dong")),
        ("population", R::NoAnswer { unit: None }),
        ("hộ nghèo bản đông", no_answer("dong")),
        ("thông tin bản đông", facts("dong")),
        // Loans.
        ("vay vốn", R::Loans),
        ("vay von", R::Loans),
        ("vay", R::Loans),
        ("mượn tiền", R::Loans),
        ("ngân hàng chính sách xã hội cho vay những gì", R::Loans),
        ("nhcsxh", R::Loans),
        ("lãi suất bao nhiêu", R::Loans),
        ("loans", R::Loans),
        ("how much can I borrow", R::Loans),
        ("what is the interest rate", R::Loans),
        ("giúp tôi vay vốn", R::Loans),
        ("lãi suất vay hộ nghèo", loan("ho_ngheo", Some(Rate))),
        ("lai suat vay ho ngheo", loan("ho_ngheo", Some(Rate))),
        ("hộ nghèo lãi suất bao nhiêu", loan("ho_ngheo", Some(Rate))),
        (
            "ho ngheo lai suat bao nhieu vay",
            loan("ho_ngheo", Some(Rate)),
        ),
        (
            "ho can ngheo vay duoc bao nhieu",
            loan("ho_can_ngheo", Some(Amount)),
        ),
        (
            "hộ cận nghèo vay được bao nhiêu",
            loan("ho_can_ngheo", Some(Amount)),
        ),
        ("vay hộ cận nghèo", loan("ho_can_ngheo", None)),
        (
            "vay hộ mới thoát nghèo tối đa bao nhiêu",
            loan("ho_moi_thoat_ngheo", Some(Amount)),
        ),
        ("vay hộ mới thoát nghèo", loan("ho_moi_thoat_ngheo", None)),
        (
            "hộ nghèo có được vay không",
            loan("ho_ngheo", Some(Eligibility)),
        ),
        (
            "điều kiện vay hộ mới thoát nghèo",
            loan("ho_moi_thoat_ngheo", Some(Eligibility)),
        ),
        (
            "ai được vay vốn sản xuất kinh doanh vùng khó khăn",
            loan("sxkd_vung_kho_khan", Some(Eligibility)),
        ),
        (
            "vay học sinh sinh viên bao lâu",
            loan("hoc_sinh_sinh_vien", Some(Term)),
        ),
        (
            "vay vốn tạo việc làm mấy năm",
            loan("giai_quyet_viec_lam", Some(Term)),
        ),
        (
            "sinh viên vay được bao nhiêu",
            loan("hoc_sinh_sinh_vien", Some(Amount)),
        ),
        (
            "lãi suất vay nước sạch bao nhiêu",
            loan("nuoc_sach_vsmt", Some(Rate)),
        ),
        ("ho ngheo vay o dau", loan("ho_ngheo", Some(Apply))),
        (
            "thủ tục vay vốn hộ cận nghèo",
            loan("ho_can_ngheo", Some(Apply)),
        ),
        ("đăng ký vay vốn hộ nghèo", loan("ho_ngheo", Some(Apply))),
        ("đăng ký vay", R::LoanProcess),
        ("muốn vay thì làm thủ tục gì", R::LoanProcess),
        ("nhận tiền vay ở đâu", R::LoanProcess),
        (
            "dang ky de vay von nuoc sach",
            loan("nuoc_sach_vsmt", Some(Apply)),
        ),
        ("cho vay hộ nghèo", loan("ho_ngheo", None)),
        ("nước sạch", loan("nuoc_sach_vsmt", None)),
        ("nuoc sach", loan("nuoc_sach_vsmt", None)),
        ("học sinh sinh viên", loan("hoc_sinh_sinh_vien", None)),
        ("dược liệu", loan("nd28_duoc_lieu", None)),
        ("vay chuyển đổi nghề", loan("nd28_chuyen_doi_nghe", None)),
        ("việc làm", loan("giai_quyet_viec_lam", None)),
        // Overlapping names, settled by context.
        ("vay vốn vệ sinh môi trường", loan("nuoc_sach_vsmt", None)),
        (
            "tiêu chí vệ sinh môi trường bản đông",
            detail("dong", "ve_sinh_moi_truong"),
        ),
        (
            "vệ sinh môi trường bản he",
            detail("he", "ve_sinh_moi_truong"),
        ),
        (
            "vệ sinh môi trường",
            unsure(vec![
                detail(CK, "ve_sinh_moi_truong"),
                loan("nuoc_sach_vsmt", None),
                R::CriteriaOverview,
            ]),
        ),
        (
            "vay nhà ở",
            unsure(vec![
                loan("nha_o_xa_hoi", None),
                loan("nd28_ho_tro_nha_o", None),
            ]),
        ),
        ("vay vốn nhà ở xã hội", loan("nha_o_xa_hoi", None)),
        ("hỗ trợ nhà ở", loan("nd28_ho_tro_nha_o", None)),
        ("vay hỗ trợ đất ở", loan("nd28_ho_tro_dat_o", None)),
        ("hộ nghèo", unsure(vec![loan("ho_ngheo", None), facts(CK)])),
        ("ho ngheo", unsure(vec![loan("ho_ngheo", None), facts(CK)])),
        (
            "hộ nghèo được vay bao nhiêu",
            loan("ho_ngheo", Some(Amount)),
        ),
        // Subscriptions.
        ("đăng ký", sub(&[])),
        ("subscribe", sub(&[])),
        ("đăng ký bản đông và bản he", sub(&["dong", "he"])),
        ("dang ky dong he", sub(&["dong", "he"])),
        ("dang ky ban he, ban dong, ban he", sub(&["he", "dong"])),
        ("dang ky nhan tin ban na lai", sub(&["na_lai"])),
        ("theo dõi bản Nà Lại", sub(&["na_lai"])),
        ("nhận thông báo bản Đông", sub(&["dong"])),
        ("subscribe ban dong", sub(&["dong"])),
        ("follow ban he and ban na lai", sub(&["he", "na_lai"])),
        ("đăng ký bản Xyz", R::UnknownHamlet { name: "Xyz".into() }),
        (
            "đăng ký bản Pá Pôm",
            R::UnknownHamlet {
                name: "Pá Pôm".into(),
            },
        ),
        (
            "subscribe to hamlet xyz",
            R::UnknownHamlet { name: "xyz".into() },
        ),
        (
            "bản Xyz đạt mấy tiêu chí",
            R::UnknownHamlet { name: "Xyz".into() },
        ),
        (
            "đăng ký hộ nghèo",
            unsure(vec![sub(&[]), loan("ho_ngheo", Some(Apply))]),
        ),
        ("hủy đăng ký bản đông", unsub(&["dong"])),
        ("huy dang ky", unsub(&[])),
        ("bỏ theo dõi bản he", unsub(&["he"])),
        ("unsubscribe he", unsub(&["he"])),
        ("thôi nhận tin", unsub(&[])),
        ("không nhận nữa", unsub(&[])),
        ("stop", unsub(&[])),
        ("hủy bản đông", unsub(&["dong"])),
        ("đăng ký của tôi", R::MySubscriptions),
        ("tôi đăng ký gì", R::MySubscriptions),
        ("toi dang ky gi", R::MySubscriptions),
        ("tôi đã đăng ký những bản nào", R::MySubscriptions),
        ("my subscriptions", R::MySubscriptions),
        // News, language, forgetting, cancelling, yes.
        ("tin tức", R::News),
        ("tin tuc", R::News),
        ("thông báo mới", R::News),
        ("tin mới", R::News),
        ("có thông báo gì mới không", R::News),
        ("news", R::News),
        ("announcements", R::News),
        ("tiếng anh", lang(Some(Locale::En))),
        ("tieng anh", lang(Some(Locale::En))),
        ("english", lang(Some(Locale::En))),
        ("tiếng Việt", lang(Some(Locale::Vi))),
        ("vietnamese", lang(Some(Locale::Vi))),
        ("đổi ngôn ngữ", lang(None)),
        ("language", lang(None)),
        ("xóa dữ liệu", R::Forget),
        ("xoá thông tin của tôi", R::Forget),
        ("xoa du lieu", R::Forget),
        ("delete my data", R::Forget),
        ("forget me", R::Forget),
        ("hủy", R::Cancel),
        ("huỷ", R::Cancel),
        ("huy", R::Cancel),
        ("thôi", R::Cancel),
        ("hủy đi", R::Cancel),
        ("cancel", R::Cancel),
        ("có", R::Ack),
        ("đồng ý", R::Ack),
        ("xác nhận", R::Ack),
        ("yes", R::Ack),
        ("ok", R::Ack),
        ("vâng ạ", R::Ack),
        ("được rồi", R::Ack),
        ("cảm ơn ad", R::Thanks),
        ("thank you", R::Thanks),
        ("bot ơi", R::Menu),
        ("???", R::Menu),
        ("OK bạn", R::Ack),
        // Typos and half-working Telex/VNI.
        ("tieu chj ban dong", summary("dong")),
        ("tiu chi ban he", summary("he")),
        ("tieuchi ban dong", summary("dong")),
        ("ban doong dat may tieu chi", summary("dong")),
        ("bản Đôngg đạt mấy tiêu chí", summary("dong")),
        ("tieu chi xa chieng khaong", summary(CK)),
        ("Chiềng Khaong đạt mấy tiêu chí", summary(CK)),
        ("critera", summary(CK)),
        ("lai xuat ho ngheo", loan("ho_ngheo", Some(Rate))),
        ("baan ddoong tieeu chis", summary("dong")),
        ("vay vonff", R::Loans),
        ("laix suaats ho ngheo", loan("ho_ngheo", Some(Rate))),
        ("ba3n d9ong tie6u chi1", summary("dong")),
        ("dduwowngf ban dong", detail("dong", "giao_thong")),
        ("nuwowcs sachj", loan("nuoc_sach_vsmt", None)),
        ("subcribe ban dong", sub(&["dong"])),
        ("unsubcribe", unsub(&[])),
        // Ambiguous: suggestions, best first.
        ("bản đông", hamlet_alone("dong")),
        ("ban he", hamlet_alone("he")),
        ("Nà Lại", hamlet_alone("na_lai")),
        ("đông", hamlet_alone("dong")),
        ("chào bản đông", hamlet_alone("dong")),
        (
            "chiềng khoang",
            unsure(vec![summary(CK), facts(CK), R::CriteriaOverview]),
        ),
        (
            "hộ cận nghèo",
            unsure(vec![loan("ho_can_ngheo", None), facts(CK)]),
        ),
        (
            "điện",
            unsure(vec![detail(CK, "dien"), R::CriteriaOverview]),
        ),
        ("tin tức vay vốn", unsure(vec![R::Loans, R::News])),
        ("tiêu chí dân số bản đông", no_answer("dong")),
        (
            "tiêu chí giao thông và điện bản đông",
            unsure(vec![detail("dong", "giao_thong"), detail("dong", "dien")]),
        ),
        (
            "thông tin",
            unsure(vec![facts(CK), R::CriteriaOverview, R::Loans]),
        ),
        (
            "điều kiện",
            unsure(vec![R::Loans, R::CriteriaOverview, sub(&[])]),
        ),
        // Openers are never "chợ"; need-first loan questions; negation; several aspects.
        (
            "cho em hỏi lãi suất vay hộ nghèo",
            loan("ho_ngheo", Some(Rate)),
        ),
        ("cho cháu hỏi bản đông đạt mấy tiêu chí", summary("dong")),
        ("cho em hỏi về tiêu chí điện", detail(CK, "dien")),
        (
            "nhà em muốn vay vốn nuôi bò",
            by_purpose(&[
                "ho_ngheo",
                "ho_can_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
        (
            "nhà em không thuộc hộ nghèo, muốn vay nuôi bò",
            by_purpose(&["ho_can_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam"]),
        ),
        (
            "hộ cận nghèo muốn vay nuôi lợn",
            by_purpose(&["ho_can_ngheo", "giai_quyet_viec_lam"]),
        ),
        (
            "nuôi dê thì trừ vay cận nghèo ra còn vay gì",
            by_purpose(&["ho_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam"]),
        ),
        (
            "con đi học đại học vay ở đâu",
            by_purpose(&["hoc_sinh_sinh_vien"]),
        ),
        (
            "muốn làm nhà vệ sinh thì vay gì",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        (
            "lãi suất bao nhiêu và vay được mấy năm hộ nghèo",
            loan_aspects("ho_ngheo", &[Rate, Term]),
        ),
        (
            "vay hộ nghèo được bao nhiêu và có cần thế chấp không",
            loan_aspects("ho_ngheo", &[Amount, LoanAspect::Collateral]),
        ),
        (
            "bao nhiêu tuổi thì được vay việc làm",
            loan("giai_quyet_viec_lam", Some(LoanAspect::Age)),
        ),
        ("vay sv dc bn", loan("hoc_sinh_sinh_vien", Some(Amount))),
        ("vaysinhvien", loan("hoc_sinh_sinh_vien", None)),
        ("thời tiết tuần này thế nào", R::NoAnswer { unit: None }),
        ("giá lợn bây giờ bao nhiêu", R::NoAnswer { unit: None }),
        (
            "xã có mấy trường học",
            R::NoAnswer {
                unit: Some(CK.into()),
            },
        ),
        ("vay de lam nha ve sinh", by_purpose(&["nuoc_sach_vsmt"])),
        // Unrelated, and words that only look like keywords.
        // A sick cow: not something the content answers (a person may).
        ("con bò của tôi bị ốm", Request::NoAnswer { unit: None }),
        ("asdfgh", top_level()),
        ("bạn đang làm gì", top_level()),
        ("ban dang lam gi", top_level()),
        ("hỏi lại", top_level()),
        ("hoi lai", top_level()),
        ("thế vậy à", R::Menu),
        ("đông quá", top_level()),
        ("mùa hè", top_level()),
        ("ban the", R::Menu),
        ("the", R::Menu),
    ]
}

/// Each text read as its request; every wrong one named, with what it should have been.
fn assert_readings(u: &Understander, cases: &[(&str, Request)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let got = u.understand(text);
            (got != *want).then(|| format!("{text:?}\n   want {want:?}\n    got {got:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn understands_the_questions_villagers_ask() {
    let u = Understander::new(&catalog());
    let cases = cases();
    assert!(cases.len() >= 70);
    assert_readings(&u, &cases);
}

#[test]
fn suggestions_never_exceed_three() {
    let u = Understander::new(&catalog());
    for text in [
        "tiêu chí giao thông, điện, y tế, thủy lợi bản đông",
        "vay nước sạch học sinh dược liệu việc làm",
    ] {
        match u.understand(text) {
            Request::NotUnderstood { suggestions } => assert!(suggestions.len() <= 3, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn without_a_commune_criteria_fall_back_to_the_overview() {
    let mut c = catalog();
    c.commune = None;
    let u = Understander::new(&c);
    assert_eq!(u.understand("tiêu chí"), Request::CriteriaOverview);
    assert_eq!(u.understand("ban dong dat may tieu chi"), summary("dong"));
    assert_eq!(u.understand("chiềng khoang"), top_level());
    assert_eq!(
        u.understand("hộ nghèo"),
        unsure(vec![loan("ho_ngheo", None)])
    );
    assert_eq!(
        u.understand("điện"),
        unsure(vec![Request::CriteriaOverview])
    );
}

#[test]
fn an_empty_catalog_still_answers() {
    let u = Understander::new(&Catalog::default());
    assert_eq!(u.understand("tiêu chí bản đông"), Request::CriteriaOverview);
    assert_eq!(u.understand("vay vốn hộ nghèo"), Request::Loans);
    assert_eq!(u.understand("đăng ký"), sub(&[]));
    assert_eq!(u.understand("xin chào"), Request::Menu);
}

#[test]
fn never_panics_on_nasty_input() {
    let u = Understander::new(&catalog());
    let long = "tiêu chí bản Đông vay vốn ".repeat(400);
    let nasty = [
        long.as_str(),
        &"a".repeat(10_000),
        &"ba3n ".repeat(2_000),
        "😀🎉👍🏽👨‍👩‍👧",
        "\u{0}\u{1}\u{7}\u{1b}[31m\u{7f}",
        "\u{0301}\u{0302}\u{0323}",
        "Привет 你好 مرحبا bản Đông",
        "bản",
        "bản bản bản",
        "đăng ký bản",
        "99999999999999999999999999",
        "1 2",
        "\u{FEFF}\u{200B}/",
    ];
    for text in nasty {
        if let Request::NotUnderstood { suggestions } = u.understand(text) {
            assert!(suggestions.len() <= 3);
        }
    }
}

/// Not a benchmark: one rough number for the report. `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn time_per_question() {
    let u = Understander::new(&catalog());
    let questions: Vec<&str> = cases().iter().map(|c| c.0).collect();
    let typical = [
        "Bản Đông đạt mấy tiêu chí rồi vậy bạn ơi?",
        "lãi suất vay hộ cận nghèo bây giờ là bao nhiêu",
        "ban dong con thieu nhung tieu chi nao",
        "tôi muốn đăng ký nhận tin bản Nà Lại",
    ];
    let median = |qs: &[&str]| {
        let mut times: Vec<_> = (0..10_000)
            .map(|i| {
                let q = qs[i % qs.len()];
                let t = std::time::Instant::now();
                std::hint::black_box(u.understand(std::hint::black_box(q)));
                t.elapsed()
            })
            .collect();
        times.sort();
        (times[times.len() / 2], times[times.len() * 99 / 100])
    };
    println!("typical questions: (median, p99) {:?}", median(&typical));
    println!("all test questions: (median, p99) {:?}", median(&questions));
    let essay = "tiêu chí bản Đông vay vốn hộ nghèo ".repeat(300);
    let t = std::time::Instant::now();
    std::hint::black_box(u.understand(&essay));
    println!("{} characters: {:?}", essay.chars().count(), t.elapsed());
}

/// Issue 9, second round: glued and held-down words, a bare "bao nhiêu" that belongs to the
/// aspect before it, story words of topics the content cannot answer, needs that look like
/// denials, the negation's reach, and a part of a figure the content only has whole.
#[test]
fn second_round_readings() {
    let u = Understander::new(&catalog());
    let poor = [
        "ho_ngheo",
        "ho_can_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ];
    let cases: Vec<(&str, Request)> = vec![
        // Cut where the pieces continue a phrase: "ho ngheo", not "hong heo".
        ("laisuat vayhongheo", loan_aspects("ho_ngheo", &[Rate])),
        (
            "vaygiaiquyetvieclam dieukien",
            loan_aspects("giai_quyet_viec_lam", &[Eligibility]),
        ),
        ("muonnn vayyy nuoi boo", by_purpose(&poor)),
        // "bao nhiêu" right after the rate asks the rate; on its own it asks the amount.
        (
            "lãi suất hộ nghèo là bao nhiêu",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        (
            "vay sinh viên mỗi tháng bao nhiêu và bao giờ phải trả",
            loan_aspects("hoc_sinh_sinh_vien", &[Amount, Term]),
        ),
        (
            "hộ cận nghèo lãi suất với mức vay tối đa",
            loan_aspects("ho_can_ngheo", &[Amount, Rate]),
        ),
        // "làm lại" is a particle, "việc làm lãi" a rate.
        (
            "vay viec lam lai bn ad",
            loan_aspects("giai_quyet_viec_lam", &[Rate]),
        ),
        // A price said in the story does not hide the loan question; asked alone it is no
        // answer.
        (
            "trồng ngô không được giá nên em muốn vay nuôi bò",
            by_purpose(&poor),
        ),
        ("giá bò bây giờ thế nào", Request::NoAnswer { unit: None }),
        // "vay được không" is a loan word.
        ("nuoi ga vay dc ko", by_purpose(&poor)),
        // Lacking clean water is the need, not a denial of the programme.
        (
            "nhà em không có nước sạch thì có được vay nước sạch không",
            loan_aspects("nuoc_sach_vsmt", &[Eligibility]),
        ),
        // A loan word ends what the negation reaches.
        (
            "nhà em không phải vùng khó khăn, con vay sinh viên được không",
            loan_aspects("hoc_sinh_sinh_vien", &[Eligibility]),
        ),
        // Named by its name outranks named by a standing.
        (
            "nhà em thuộc hộ nghèo, vay hỗ trợ nhà ở thì làm thế nào",
            loan_aspects("nd28_ho_tro_nha_o", &[Apply]),
        ),
        // In a wish, a programme name that is a need is the need.
        (
            "nhà em muốn làm bể nước sạch",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        // Only part of a figure the content has whole.
        (
            "bản He riêng hộ nghèo thôi còn bao nhiêu hộ",
            Request::NoAnswer {
                unit: Some("he".into()),
            },
        ),
        ("bản He có mấy hộ nghèo", fact("he", "poor_households")),
        // A figure is not about a standing its names do not speak of, nor about loans.
        (
            "hộ cận nghèo ở bản He có mấy hộ",
            Request::NoAnswer {
                unit: Some("he".into()),
            },
        ),
        (
            "bản He có mấy hộ nghèo đã được vay vốn",
            Request::NoAnswer {
                unit: Some("he".into()),
            },
        ),
        // The story before the wish is not what the loan is for.
        (
            "con em đi học rồi, giờ em muốn vay nuôi bò",
            by_purpose(&poor),
        ),
    ];
    assert_readings(&u, &cases);
}

#[test]
fn held_down_letters_are_squeezed() {
    use super::spelling::squeeze;
    assert_eq!(squeeze("vayyy").as_deref(), Some("vay"));
    assert_eq!(squeeze("muonnn").as_deref(), Some("muon"));
    assert_eq!(squeeze("vay"), None);
    // Two of a letter may be Telex ("dd" is "đ"): left alone.
    assert_eq!(squeeze("ddong"), None);
}

/// Third round: readings that must never end in a confident wrong figure, and the weak
/// styles (follow-ups, Telex, shorthand typed as pairs).
#[test]
fn third_round_readings() {
    let mut cat = catalog();
    cat.facts
        .push(entry("income_per_person", &["kiếm được bao nhiêu"]));
    cat.units[0].facts.push("income_per_person".into());
    cat.facts
        .push(entry("tea", &["Diện tích chè", "diện tích chè", "ha chè"]));
    cat.units[0].facts.push("tea".into());
    let u = Understander::new(&cat);
    let fact = |unit: &str, key: &str| Request::Fact {
        unit: unit.into(),
        fact: key.into(),
    };
    let cases: Vec<(&str, Request)> = vec![
        // Needs are intersected: a job lost (a circumstance, even in the story) narrows the
        // livestock programmes to job creation.
        (
            "em bị mất việc ở công ty, giờ về nhà muốn vay nuôi bò",
            by_purpose(&["giai_quyet_viec_lam"]),
        ),
        // Needs no programme serves together: asked, each button naming its programme.
        (
            "muốn vay nuôi bò với làm nhà vệ sinh",
            unsure(vec![
                loan("ho_ngheo", None),
                loan("nuoc_sach_vsmt", None),
                Request::Loans,
            ]),
        ),
        // An exclusion leaves out a programme whose name is a need too, and that name is
        // no need then.
        (
            "ngoài chương trình việc làm ra thì nuôi bò còn vay được gì",
            by_purpose(&["ho_ngheo", "ho_can_ngheo", "sxkd_vung_kho_khan"]),
        ),
        // A programme named after a loan word is asked about, whatever was denied before.
        (
            "không phải hộ nghèo có được vay hỗ trợ đất ở không",
            loan_aspects("nd28_ho_tro_dat_o", &[Eligibility]),
        ),
        // A figure read only through other marks is offered, never stated ("kiêm": the
        // marks of "kiệm" or "kiếm" left out; "tiết kiệm", typed in full, is savings and
        // no typo of "kiếm" at all).
        (
            "xã kiêm được bao nhiêu",
            unsure(vec![fact(CK, "income_per_person"), facts(CK)]),
        ),
        ("xã kiếm được bao nhiêu", fact(CK, "income_per_person")),
        // A follow-up replaces the subject of its kind said before it.
        (
            "bản He có 46 đảng viên, còn bản Đông thì sao",
            no_answer("dong"),
        ),
        (
            "xã có 408 đảng viên, còn bản He thì sao",
            fact("he", "party_members"),
        ),
        (
            "bản Đông đạt mấy tiêu chí rồi, còn bản Nà Lại thì sao",
            summary("na_lai"),
        ),
        ("xã có mấy đảng viên", fact(CK, "party_members")),
        // Telex leftovers: "owr" is "ở", not the English "or".
        (
            "vay nuowcs sachj owr ddaau",
            loan_aspects("nuoc_sach_vsmt", &[Apply]),
        ),
        // Two-word shorthand read from what was typed: "tk" is "tiết kiệm" elsewhere, "vs"
        // is "với".
        ("xoa tk", Request::Forget),
        ("ad xoa tk e di", Request::Forget),
        (
            "nha e mun lm nha vs vay o dau",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        // A glued word may hold a one-letter word inside a phrase.
        ("vaynhaoxahoi", loan("nha_o_xa_hoi", None)),
        // "hoi lai" is "hội lãi" before a rate word, "hỏi lại" elsewhere; "còn lại" stays.
        (
            "vay nha o xa hoi lai bao nhieu",
            loan_aspects("nha_o_xa_hoi", &[Rate]),
        ),
        ("ban he con lai bao nhieu ho", fact("he", "households")),
        // A count of households is answered only by a figure that counts households.
        ("xã có bao nhiêu hộ trồng chè", no_answer(CK)),
        ("xã có bao nhiêu ha chè", fact(CK, "tea")),
        // A programme named and a need it does not serve: which is meant is asked.
        (
            "con em là học sinh lớp chín, nhà em muốn vay nuôi bò",
            unsure(vec![
                loan("hoc_sinh_sinh_vien", None),
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                ]),
            ]),
        ),
        (
            "vay việc làm để nuôi bò lãi bao nhiêu",
            loan_aspects("giai_quyet_viec_lam", &[Rate]),
        ),
        // "bản em" from someone whose hamlet is not known: never stated as theirs.
        (
            "bản em có bao nhiêu hộ",
            unsure(vec![fact("he", "households")]),
        ),
        // A per cent sign in a loan question asks the rate.
        (
            "vay hộ nghèo bao nhiêu %",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        // A standing with the commune and a loan asked: the loan, not a count.
        (
            "hộ nghèo ở xã mình được vay bao nhiêu",
            loan_aspects("ho_ngheo", &[Amount]),
        ),
        // Small talk around a hamlet's name.
        ("alo bot ơi có đấy không", Request::Menu),
        ("em ở bản He, cảm ơn bot nhiều nhé", Request::Thanks),
    ];
    assert_readings(&u, &cases);
}

/// Fourth round: the gate on every card that states something, negation over a figure's
/// name, needs that are only a circumstance, a loan word sharing a word with a name.
#[test]
fn fourth_round_readings() {
    let mut cat = catalog();
    cat.facts.push(entry(
        "poor_near_poor_rate",
        &["Tỷ lệ hộ nghèo cận nghèo", "hộ nghèo cận nghèo"],
    ));
    cat.units[0].facts.push("poor_near_poor_rate".into());
    cat.loans.extend([
        traits(
            "nd28_ho_tro_dat_o",
            &["đất ở", "thiên tai"],
            &[Standing::Poor],
            &[],
        ),
        traits(
            "nd28_ho_tro_nha_o",
            &["làm nhà", "thiên tai"],
            &[Standing::Poor],
            &[],
        ),
        traits("nha_o_xa_hoi", &["làm nhà", "thiên tai"], &[], &[]),
        traits("nd28_duoc_lieu", &["dược liệu"], &[], &[]),
    ]);
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        // A criteria card with nothing of criteria in the question is not stated.
        (
            "gồm những gì",
            unsure(vec![list(CK), Request::CriteriaOverview]),
        ),
        // A programme word and no criterion: the loans.
        ("list all loan programmes", Request::Loans),
        // "bản nông thôn mới": the hamlet set, never the commune's; the hamlets are offered
        // when the asker's hamlet is not known.
        (
            "ds tc ban ntm gom nhung j",
            unsure(vec![list("dong"), list("he"), list("na_lai")]),
        ),
        // A denied figure's name denies the standings it speaks of.
        (
            "không thuộc hộ nghèo cận nghèo gì cả muốn vay nuôi bò",
            by_purpose(&["sxkd_vung_kho_khan", "giai_quyet_viec_lam"]),
        ),
        // A circumstance with what the money is for: the programmes for both.
        (
            "vay xây lại nhà sau sạt lở",
            by_purpose(&["nha_o_xa_hoi", "nd28_ho_tro_nha_o"]),
        ),
        // "vay dược liệu" read as "vay được" + "dược liệu": the name is still asked about.
        (
            "vay dược liệu cần thế chấp không",
            loan_aspects("nd28_duoc_lieu", &[LoanAspect::Collateral]),
        ),
    ];
    assert_readings(&u, &cases);
    // The hamlet set from someone whose hamlet is known: theirs.
    assert_eq!(
        u.understand_for("ds tc ban ntm gom nhung j", &|| Some("dong".into())),
        list("dong")
    );
    // A circumstance alone that leads to several programmes is offered, one button per
    // programme, never stated.
    match u.understand("nhà bị sạt lở muốn làm lại thì vay ở đâu") {
        Request::NotUnderstood { suggestions } => assert!(
            suggestions
                .iter()
                .any(|s| matches!(s, Request::LoanDetail { .. })),
            "{suggestions:?}"
        ),
        other => panic!("stated {other:?}"),
    }
}

/// The folded words of every phrase found in `text`.
fn phrases_found(u: &Understander, text: &str) -> Vec<String> {
    let folded = crate::text::fold::fold_words(text);
    let toks = u.tokens(text, &folded);
    let mut matches = Vec::new();
    for start in 0..toks.len() {
        u.walk(
            &toks,
            start,
            start,
            0,
            super::phrases::Walk::default(),
            &mut matches,
        );
    }
    super::phrases::select(&matches)
        .iter()
        .map(|m| {
            toks[m.start..m.end]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The words of `text` as read, with their marks.
fn read_words(u: &Understander, text: &str) -> Vec<(String, u32)> {
    let folded = crate::text::fold::fold_words(text);
    u.tokens(text, &folded)
        .iter()
        .map(|t| (t.text.to_string(), t.marks))
        .collect()
}

fn marks(word: &str) -> u32 {
    crate::text::fold::fold_words(word).words[0].marks
}

/// Issue 9, spelling: how villagers really type — a known word's marks, one-letter shorthand,
/// Telex/VNI leftovers decoded exactly, glued words with marks, marks left out, northern
/// initials.
#[test]
fn spelling_readings() {
    let mut c = catalog();
    c.criteria[6].names.push("trạm y tế".into());
    let u = Understander::new(&c);
    // 1. Typed with a known word's marks it is that word: "trăm" is not "trạm".
    assert!(phrases_found(&u, "trạm y tế").contains(&"tram y te".to_string()));
    assert!(!phrases_found(&u, "một trăm y tế").contains(&"tram y te".to_string()));
    // "dược" is "được" only when "dược" is not itself known ("dược liệu").
    let mut without = catalog();
    without.programmes.retain(|p| p.id != "nd28_duoc_lieu");
    let u2 = Understander::new(&without);
    let has_duoc = |u: &Understander| {
        phrases_found(u, "hộ nghèo vay dược bao nhiêu")
            .iter()
            .any(|p| p.contains("duoc"))
    };
    assert!(!has_duoc(&u));
    assert!(has_duoc(&u2));
    // 2. One-letter shorthand read exactly: "z" is "vậy", never the loan word "vay".
    assert_eq!(
        read_words(&u, "ai dc vay z").last(),
        Some(&("vay".to_string(), marks("vậy")))
    );
    assert_eq!(
        u.understand("dang bo xa mk tong cong bn dang vien z ad"),
        fact(CK, "party_members")
    );
    // 5. Telex / VNI leftovers decoded to their exact marks: "vayj" is "vậy"-ish, not "vay".
    assert_eq!(read_words(&u, "vayj")[0].1, marks("vạy"));
    assert_eq!(read_words(&u, "la4i")[0].1, marks("lãi"));
    assert_eq!(read_words(&u, "laix suaats")[1].1, marks("suất"));
    // 6. Glued words typed with marks keep each piece's own marks.
    assert_eq!(
        read_words(&u, "lãisuất"),
        vec![
            ("lai".to_string(), marks("lãi")),
            ("suat".to_string(), marks("suất"))
        ]
    );
    assert_eq!(u.understand("sốhợptácxã của xã"), fact(CK, "cooperatives"));
    // 7. Marks left out fit the known word inside a phrase ("hô nghèo", "laisuât").
    assert_eq!(
        u.understand("vay hô nghèo laisuât bao nhieu"),
        loan_aspects("ho_ngheo", &[Rate])
    );
    assert_eq!(
        u.understand("vay vùngkhókhăn laisuat"),
        loan_aspects("sxkd_vung_kho_khan", &[Rate])
    );
    // …but a word the bot does not know is not guessed into a one-word phrase.
    assert!(!phrases_found(&u, "trưởng bản nói").contains(&"truong".to_string()));
    // 8. Northern initials: a word known in no spelling becomes the one swap that is known.
    assert_eq!(
        u.understand("nhà tôi muốn đào cái dếng thì vay ở đâu"),
        by_purpose(&["nuoc_sach_vsmt"])
    );
}

/// Recall without a wrong figure (issue 9, fifth round): stopped subscriptions, English
/// plurals, the bot's own name, context shorthand, no-answer topics never read from a typo.
#[test]
fn recall_readings() {
    let mut cat = catalog();
    cat.facts[1].names.push("party members".into());
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        // A subscription word after a stop word, or after a negation with "nữa", stops it.
        ("thôi không nhận tin bản He nữa", unsub(&["he"])),
        ("k nhan tb nua ad", unsub(&[])),
        ("đừng gửi thông báo bản Đông", unsub(&["dong"])),
        (
            "em lỡ đăng ký nhầm bản rồi, em muốn bỏ bản He đi không nhận tin bản đó nữa",
            unsub(&["he"]),
        ),
        // A negation without "nữa" is a complaint, not a wish to stop.
        ("sao em không nhận được thông báo", sub(&[])),
        // English plurals are read as singular: "members" is not a typo of "member" (a
        // figure read through a typo is only offered).
        (
            "how many party members in the commune",
            fact(CK, "party_members"),
        ),
        // The bot's own name is said like "bot ơi"; "loa" is no typo of "loan".
        ("xin chào Loa Bản", Request::Menu),
        (
            "Loa Bản ơi lãi suất vay hộ nghèo",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        // Shorthand read by what stands before it: "nc" is water, "vl" a job after a word
        // that takes one, "dv" party members after a count.
        (
            "vay nc sạch lãi bao nhiêu",
            loan_aspects("nuoc_sach_vsmt", &[Rate]),
        ),
        (
            "vay tao vl dc bn tr",
            loan_aspects("giai_quyet_viec_lam", &[Amount]),
        ),
        ("xa co bn dv", fact(CK, "party_members")),
        // A topic the content cannot answer is never read from a typo: "nhầm bản" is not
        // "Nhật Bản".
        ("em đăng ký nhầm bản He", sub(&["he"])),
    ];
    assert_readings(&u, &cases);
    // "vl" elsewhere is a swear word, never the job programme.
    assert!(
        !matches!(u.understand("lãi cao vl"), Request::LoanDetail { programme, .. } if programme == "giai_quyet_viec_lam")
    );
}

#[test]
fn english_plurals_have_their_singular() {
    use super::index::singular;
    assert_eq!(singular("loans").as_deref(), Some("loan"));
    assert_eq!(singular("families").as_deref(), Some("family"));
    assert_eq!(singular("branches").as_deref(), Some("branch"));
    // Not plurals: "news", "this", "class", a shorthand without a vowel.
    for w in ["news", "this", "class", "bonus", "nhcs", "hs"] {
        assert_eq!(singular(w), None, "{w}");
    }
}

/// Aspects as classes of the lexicon, the "được không" hint, and a need one programme
/// serves asked with an aspect.
#[test]
fn aspect_readings() {
    let mut cat = catalog();
    cat.loans
        .push(traits("nd28_duoc_lieu", &["dược liệu"], &[], &[]));
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        // Ways of asking from the village vocabulary.
        (
            "Vay vùng khó khăn thì phương án sản xuất phải được ai xác nhận",
            loan_aspects("sxkd_vung_kho_khan", &[Apply]),
        ),
        (
            "vay dược liệu có phải bảo đảm tiền vay không",
            loan_aspects("nd28_duoc_lieu", &[LoanAspect::Collateral]),
        ),
        (
            "hộ nghèo là gì thì được vay",
            loan_aspects("ho_ngheo", &[Eligibility]),
        ),
        // "được không" asks who may borrow only when nothing else is asked.
        (
            "vay vùng khó khăn được không",
            loan_aspects("sxkd_vung_kho_khan", &[Eligibility]),
        ),
        (
            "vay một trăm triệu vùng khó khăn có được không",
            loan_aspects("sxkd_vung_kho_khan", &[Amount]),
        ),
        // A need only one programme serves, with a rate, a term, collateral or an age:
        // that programme's detail (the gate takes the need as its name, even in a story).
        (
            "vay làm bể nước thì lãi bao nhiêu",
            loan_aspects("nuoc_sach_vsmt", &[Rate]),
        ),
        (
            "Vay cho con đi học thì bao giờ phải bắt đầu trả nợ ạ",
            loan_aspects("hoc_sinh_sinh_vien", &[Term]),
        ),
        (
            "Con em học năm hai đại học, bố mẹ đứng tên vay cho cháu thì chịu lãi mấy phần trăm",
            loan_aspects("hoc_sinh_sinh_vien", &[Rate]),
        ),
        // The amount too (eighth round): the one programme's detail…
        (
            "con đi học vay được bao nhiêu",
            loan_aspects("hoc_sinh_sinh_vien", &[Amount]),
        ),
        // …but where to apply is asked of the programmes that fit: the card.
        (
            "nhà tôi muốn đào cái giếng thì vay ở đâu",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        // An amount after what something costs is the cost told, not asked.
        (
            "con đỗ cao đẳng, học phí một năm mấy chục triệu, có chỗ nào cho vay cho con đi học không",
            by_purpose(&["hoc_sinh_sinh_vien"]),
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let got = u.understand(text);
            (got != *want).then(|| format!("{text:?}\n   want {want:?}\n    got {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Issue 9, seventh round: no confident wrong figure where a word's sense depends on its
/// context — shorthand read by its neighbours, a need said in a programme name's frame, the
/// asker's own programme, a negation reaching the past.
#[test]
fn context_readings() {
    let mut cat = catalog();
    cat.loans.extend([
        traits(
            "ho_moi_thoat_ngheo",
            &["chăn nuôi", "trồng trọt"],
            &[Standing::Escaped],
            &[],
        ),
        traits("nha_o_xa_hoi", &["làm nhà"], &[], &[]),
        traits("nd28_ho_tro_nha_o", &["làm nhà"], &[Standing::Poor], &[]),
        traits("nd28_ho_tro_dat_o", &["đất ở"], &[Standing::Poor], &[]),
    ]);
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        // "hs" next to "làm" / "nộp" is the papers; next to "lớp", "con" a pupil; alone,
        // the pupils' programme is only offered.
        ("vay von thi lm hs ntn ad", Request::LoanProcess),
        (
            "con em là hs lớp 9 vay được không",
            loan("hoc_sinh_sinh_vien", Some(Eligibility)),
        ),
        (
            "vay hs lãi bao nhiêu",
            unsure(vec![
                loan_aspects("hoc_sinh_sinh_vien", &[Rate]),
                Request::Loans,
            ]),
        ),
        // A need said in the frame of one programme's name means that programme…
        (
            "Vay hỗ trợ làm nhà cho hộ dân tộc thiểu số thì đăng ký qua đâu",
            loan_aspects("nd28_ho_tro_nha_o", &[Apply]),
        ),
        // …without it, every programme for the need.
        (
            "muốn vay làm nhà",
            by_purpose(&["nha_o_xa_hoi", "nd28_ho_tro_nha_o"]),
        ),
        // The asker's own standing names their programme when a rate or a term is asked…
        (
            "nhà em có sổ hộ nghèo năm trước vay nuôi bò giờ lãi bao nhiêu phần trăm",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        // …while the amount is on the card of the programmes that fit them.
        (
            "nhà em là hộ nghèo muốn vay nuôi bò được bao nhiêu",
            by_purpose(&["ho_ngheo", "giai_quyet_viec_lam"]),
        ),
        // Land bought to build a house on is residential land, not the house.
        (
            "Vợ chồng em chưa có mảnh đất nào, cần vay tiền mua đất để dựng nhà ở",
            by_purpose(&["nd28_ho_tro_dat_o"]),
        ),
        // "không có việc" is out of work: a circumstance that narrows the need.
        (
            "công trình dừng em không có việc nên về quê, muốn vay nuôi bò",
            by_purpose(&["giai_quyet_viec_lam"]),
        ),
        // Never poor is never recently out of poverty.
        (
            "không nghèo không cận nghèo cũng chưa bao giờ là hộ nghèo muốn vay nuôi bò",
            by_purpose(&["sxkd_vung_kho_khan", "giai_quyet_viec_lam"]),
        ),
        (
            "không nghèo không cận nghèo muốn vay nuôi bò",
            by_purpose(&[
                "ho_moi_thoat_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
    ];
    assert_readings(&u, &cases);
}

/// Issue 9, spelling (seventh round): the tone key before the closing glide, "d" for "đ",
/// a swap that is known exactly, a shorthand pair typed as two shorthands, Telex keys that
/// spell an English word, glued words with a one-letter end or a typo in one piece.
#[test]
fn spelling_readings_seventh_round() {
    let u = Understander::new(&catalog());
    let words =
        |text: &str| -> Vec<String> { read_words(&u, text).into_iter().map(|(w, _)| w).collect() };
    // Telex with the tone key before the glide: "hooji" is "hội".
    assert_eq!(
        read_words(&u, "hooji")[0],
        ("hoi".to_string(), marks("hội"))
    );
    assert_eq!(
        u.understand("nhaf owr xax hooji laix suaats bao nhieeu"),
        loan_aspects("nha_o_xa_hoi", &[Rate])
    );
    // "d" typed for "đ", every other mark right: that word ("dảng" is "đảng", not "đẳng").
    assert_eq!(read_words(&u, "dảng viên")[0].1, marks("đảng"));
    assert_eq!(
        u.understand("xa4 co1 bao nhie6u da3ng vie6n"),
        fact(CK, "party_members")
    );
    // Marks that are no spelling of the word, one initial swap known exactly: "chiệu" is
    // "triệu", though "chiều" is known.
    assert!(u.spellings.contains_key(&u.ids["chieu"]));
    assert_eq!(
        read_words(&u, "mấy chiệu")[1],
        ("trieu".to_string(), marks("triệu"))
    );
    assert_eq!(
        read_words(&u, "buổi chiều")[1],
        ("chieu".to_string(), marks("chiều"))
    );
    // Two shorthands that are a pair: "dk j" asks the conditions (alone, "dk" is "được").
    assert_eq!(
        words("ho ngheo thi dk j"),
        ["ho", "ngheo", "thi", "dieu", "kien", "gi"]
    );
    assert_eq!(words("dc j"), ["duoc", "gi"]);
    assert_eq!(words("e dk nhan tin"), ["em", "dang", "ky", "nhan", "tin"]);
    // A known word that is Telex for another: "own" is "ơn" after "cảm".
    assert_eq!(u.understand("camr own ad nhieeuf"), Request::Thanks);
    assert!(!phrases_found(&u, "my own land").contains(&"on".to_string()));
    // Glued words: a one-letter piece at an end a phrase runs into; three letters joined.
    assert_eq!(words("vaydato"), ["vay", "dat", "o"]);
    assert_eq!(words("yte"), ["y", "te"]);
    assert_eq!(words("hongheo"), ["ho", "ngheo"]);
    assert_eq!(words("xyz"), ["xyz"]);
    // A typo in one piece of a glued word: the typo is read against what the known piece
    // runs into, at its cost.
    assert_eq!(words("hongeo"), ["ho", "ngeo"]);
    assert!(phrases_found(&u, "vay hongeo").contains(&"ho ngeo".to_string()));
    assert_eq!(
        u.understand("vay hongeo lai suat bao nhieu"),
        loan_aspects("ho_ngheo", &[Rate])
    );
    assert!(phrases_found(&u, "vay thethap khong").contains(&"the thap".to_string()));
    assert_eq!(words("qwzhongeo"), ["qwzhongeo"]);
    // Telex's shape key after the final consonant: "hopwj" is "hợp".
    assert_eq!(
        read_words(&u, "hopwj")[0],
        ("hop".to_string(), marks("hợp"))
    );
    assert_eq!(
        u.understand("xax cos bao nhieeu hopwj tacs xax"),
        fact(CK, "cooperatives")
    );
    // Plain "dong" after "hoat" is "động", not Bản Đông.
    assert_eq!(
        u.understand("toan xa co bao nhieu hop tac xa hoat dong"),
        fact(CK, "cooperatives")
    );
    assert_eq!(u.understand("hd su dung bot"), Request::Help);
    // Repaired with any marks, a word is as good as unmarked for a one-word no-answer topic:
    // "naang" (decoded "nâng", no known spelling) is not "nắng".
    assert!(phrases_found(&u, "trời nắng").contains(&"nang".to_string()));
    assert!(!phrases_found(&u, "naang cao").contains(&"nang".to_string()));
    assert_eq!(read_words(&u, "vayyy")[0].0, "vay");
    assert!(phrases_found(&u, "vayyy ho ngheo").contains(&"vay".to_string()));
}

#[test]
fn conversation_basics_eighth_round() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        // Signs alone, whatever they are: the menu.
        ("🙏", Request::Menu),
        ("👍👍", Request::Menu),
        ("???", Request::Menu),
        // Greeting openers said alone, with particles or words of joining: the menu.
        ("chào ad em mới vào nhóm", Request::Menu),
        ("em chào ad buổi tối", Request::Menu),
        ("cháu chào anh chị", Request::Menu),
        ("hi there, anyone online?", Request::Menu),
        ("hi there, anyone around?", Request::Menu),
        // Asking for the menu again.
        ("cho em trở về trang đầu", Request::Menu),
        ("quay lại", Request::Menu),
        ("cho tôi xem lại các nút chọn ban đầu", Request::Menu),
        ("main menu", Request::Menu),
        // What may be asked: help.
        ("Tôi có thể hỏi những gì ở đây?", Request::Help),
        // "c.ơn": "c" before "ơn" is "cảm".
        ("c.ơn ad ạ", Request::Thanks),
        ("c on nhieu", Request::Thanks),
        // …and an opener in front of a question still counts for nothing.
        (
            "chào ad, lãi suất vay hộ nghèo bao nhiêu",
            loan("ho_ngheo", Some(Rate)),
        ),
        (
            "em chào anh chị, bản Đông đạt mấy tiêu chí",
            summary("dong"),
        ),
        (
            "quay lại hỏi lãi suất hộ nghèo",
            loan("ho_ngheo", Some(Rate)),
        ),
    ];
    assert_readings(&u, &cases);
}

/// Issue 9, eighth round (the wrong figures of tuning-8): a loan already held is the story,
/// a denied hamlet or "em không hỏi …" is not asked, "chẳng" denies, an organisation gets the
/// programmes for organisations, thanks for what was learnt are thanks, and a second figure
/// or a programme name read only in part is offered, not passed over.
#[test]
fn eighth_round_readings() {
    let mut cat = catalog();
    for t in &mut cat.loans {
        if t.id == "sxkd_vung_kho_khan" {
            t.not_while_owing = vec!["giai_quyet_viec_lam".into()];
            t.purposes.push("dược liệu".into());
        }
    }
    let mut organisations = traits("nd28_duoc_lieu", &["dược liệu"], &[], &[]);
    organisations.for_organisations = true;
    cat.loans.extend([
        traits(
            "ho_moi_thoat_ngheo",
            &["chăn nuôi", "trồng trọt"],
            &[Standing::Escaped],
            &[],
        ),
        organisations,
        traits("nd28_ho_tro_nha_o", &["làm nhà"], &[Standing::Poor], &[]),
        traits("nd28_ho_tro_dat_o", &["đất ở"], &[Standing::Poor], &[]),
    ]);
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        // "chẳng" denies like "không".
        (
            "nhà em chẳng nghèo cũng chẳng cận nghèo, muốn nuôi bò",
            by_purpose(&[
                "ho_moi_thoat_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
        // A loan still owed is the story; the programme not open to its debtors is left out.
        (
            "không phải hộ nghèo mà còn nợ vay việc làm, muốn nuôi bò",
            by_purpose(&["ho_can_ngheo", "ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
        ),
        (
            "năm trước vay tạo việc làm mở quán rồi vẫn đang trả dần, năm nay con đỗ đại học muốn vay cho con đi học",
            by_purpose(&["hoc_sinh_sinh_vien"]),
        ),
        // Paid back, told after the loan; "theo diện" names the programme asked.
        (
            "nhà em có vay hộ nghèo hai mươi triệu đã trả hết giờ muốn vay theo diện mới thoát nghèo để nuôi bò được bao nhiêu",
            loan_aspects("ho_moi_thoat_ngheo", &[Amount]),
        ),
        // Nothing else asked: the loan held is the subject.
        (
            "em đang vay hộ nghèo thì lãi suất bao nhiêu",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        // A denied hamlet beside another: the other one (Bản Đông has no such figure).
        (
            "không phải bản He, bản Đông có bao nhiêu đảng viên",
            Request::NoAnswer {
                unit: Some("dong".into()),
            },
        ),
        // "em không hỏi …": its clause is not asked.
        (
            "em không hỏi tiêu chí giao thông, em muốn vay tiền làm bể nước",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        // An organisation asks: the programmes for organisations.
        (
            "hợp tác xã làm dự án trồng sâm thì vay được bao nhiêu",
            loan_aspects("nd28_duoc_lieu", &[Amount]),
        ),
        (
            "nhà em muốn vay trồng sâm",
            by_purpose(&["sxkd_vung_kho_khan", "nd28_duoc_lieu"]),
        ),
        // Thanks for what was learnt, no question: thanks; with a question, the question.
        (
            "Em cảm ơn anh chị nhiều, nhờ bot chỉ mà nhà em biết vay hộ nghèo không cần thế chấp, mai em ra tổ làm hồ sơ luôn",
            Request::Thanks,
        ),
        (
            "cảm ơn ad, nhờ bot em biết rồi, cho hỏi vay hộ nghèo lãi suất bao nhiêu",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        // A second figure of the unit read through a typo: which one is asked. ("ngèo" is no
        // typo since the lexicon reads it as "nghèo"; "nghoe" still is.)
        (
            "ở bản he số hộ nghoe là bao nhiêu hộ",
            unsure(vec![
                fact("he", "households"),
                fact("he", "poor_households"),
                facts("he"),
            ]),
        ),
        // "cá nhân" is personal, not fish.
        ("tôi muốn xóa toàn bộ dữ liệu cá nhân", Request::Forget),
        // A lack is a need; told before the wish it is the story.
        (
            "Nhà em chưa có nước sạch để dùng",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        (
            "nhà nghèo, chưa có mảnh đất nào để làm nhà, em muốn vay để có đất ở thì vay thế nào",
            by_purpose(&["nd28_ho_tro_dat_o"]),
        ),
        // "còn dư nợ" is a loan held.
        (
            "nhà em đang còn dư nợ vay giải quyết việc làm, giờ muốn nuôi thêm đàn bò thì có những chương trình nào",
            by_purpose(&[
                "ho_ngheo",
                "ho_can_ngheo",
                "ho_moi_thoat_ngheo",
                "giai_quyet_viec_lam",
            ]),
        ),
        // "ra khỏi" a list denies that standing.
        (
            "Ra khỏi hộ cận nghèo đã bốn năm thì còn vay được diện mới thoát nghèo không",
            loan("ho_moi_thoat_ngheo", Some(Eligibility)),
        ),
        // Ways of asking an aspect said around the question.
        (
            "Bọn em vay hộ nghèo thì ngân hàng có giữ giấy chứng nhận quyền sử dụng đất không",
            loan_aspects("ho_ngheo", &[LoanAspect::Collateral]),
        ),
        (
            "Con học xong thì mười hai tháng sau mới phải trả khoản vay sinh viên đúng không",
            loan_aspects("hoc_sinh_sinh_vien", &[Term]),
        ),
        // The programme a comparison measures by is not the one asked.
        (
            "Vay tạo việc làm thì lãi suất là 127 phần trăm của lãi hộ nghèo hả chị",
            loan_aspects("giai_quyet_viec_lam", &[Rate]),
        ),
        (
            "Lãi vay hộ cận nghèo bằng bao nhiêu phần trăm so với lãi hộ nghèo",
            loan_aspects("ho_can_ngheo", &[Rate]),
        ),
        // A figure told to be confirmed asks what it measures; a time told in the story asks
        // nothing.
        (
            "hộ nghèo vay đất ở được năm mươi củ phải không",
            loan_aspects("nd28_ho_tro_dat_o", &[Amount]),
        ),
        (
            "nhà mình vừa thoát nghèo được 2 năm, muốn nuôi dê",
            by_purpose(&["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
        ),
        (
            "em làm thợ xây mấy năm nay, giờ mất việc rồi, muốn vay mở xưởng thì vay ở đâu",
            by_purpose(&["giai_quyet_viec_lam"]),
        ),
        // The asker's own standing, no programme or need named, an aspect asked.
        (
            "Bố mẹ em có tên trong danh sách hộ nghèo, giờ muốn vay thì cần những điều kiện gì nữa ạ",
            loan("ho_ngheo", Some(Eligibility)),
        ),
        // "vay hộ nghèo" names the programme after a denial ("chưa có tên … thì vay hộ nghèo
        // được chưa").
        (
            "nhà em chưa có tên trong danh sách hộ nghèo thì vay hộ nghèo được chưa",
            loan("ho_ngheo", Some(Eligibility)),
        ),
        // A step of applying for a need one programme serves: its detail.
        (
            "muon vay lam be nuoc thi mang don den dau nop",
            loan_aspects("nuoc_sach_vsmt", &[Apply]),
        ),
    ];
    assert_readings(&u, &cases);
    // A programme's name begun after a loan word and not read: the standing's programme is
    // not stated; the programmes so named are offered.
    match u.understand("hộ nghèo vay hỗ trợ qqxz ở được bao nhiêu") {
        Request::NotUnderstood { suggestions } => {
            assert!(suggestions.contains(&loan_aspects("nd28_ho_tro_dat_o", &[Amount])))
        }
        other => panic!("stated {other:?}"),
    }
}

/// Integrator's round (SMS words of tuning-8): "ls" is the rate, "bq" an average, "vốn vl" the
/// job programme's money.
#[test]
fn sms_words_integrator_round() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "ls vay sv bn ạ",
            loan_aspects("hoc_sinh_sinh_vien", &[Rate]),
        ),
        ("ls cận nghèo bn ad", loan_aspects("ho_can_ngheo", &[Rate])),
        (
            "vay nc sạch ls bn z",
            loan_aspects("nuoc_sach_vsmt", &[Rate]),
        ),
        (
            "ls can ngheo bn, vay dc may nam",
            loan_aspects("ho_can_ngheo", &[Rate, Term]),
        ),
    ];
    assert_readings(&u, &cases);
}

/// Integrator's round (tuning-8's conversation and settings phrasing): "hủy nhận tin" stops,
/// "theo dõi mấy bản" asks one's subscriptions, what may be asked of the bot is help, "trả
/// lời em với" alone a greeting, "sign me up" a subscription, "nông thôn mới là gì" the
/// overview, "đang thực hiện" what is left, rain a topic with no answer.
#[test]
fn settings_and_talk_integrator_round() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        ("cho em hủy nhận tin bản He", unsub(&["he"])),
        ("bỏ nhận thông báo ban dong", unsub(&["dong"])),
        ("em đang theo dõi mấy bản rồi", Request::MySubscriptions),
        ("which hamlets am i following", Request::MySubscriptions),
        ("em hỏi bot được những gì", Request::Help),
        ("what kind of questions do you answer", Request::Help),
        ("bot ơi trả lời tôi với", Request::Menu),
        ("sign me up for Ban He please", sub(&["he"])),
        ("nông thôn mới nghĩa là gì vậy", Request::CriteriaOverview),
        (
            "bản Đông còn tiêu chí nào đang thực hiện",
            Request::CriteriaRemaining {
                unit: "dong".into(),
            },
        ),
        // …and a real question beside them is still that question.
        (
            "trả lời em với lãi suất vay hộ nghèo bao nhiêu",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
    ];
    assert_readings(&u, &cases);
    assert!(matches!(
        u.understand("will it rain in the hamlet tomorrow"),
        Request::NoAnswer { .. }
    ));
}

/// Integrator's round: a need word that is also the name of a commune figure ("gia cầm"),
/// with the commune said and no loan word or wish, asks the figure; with a loan word it is
/// still a need.
#[test]
fn commune_count_of_a_need_word() {
    let mut cat = catalog();
    cat.facts
        .push(entry("poultry", &["Đàn gia cầm", "gia cầm"]));
    cat.units[0].facts.push("poultry".into());
    let u = Understander::new(&cat);
    match u.understand("xã có bao nhiêu gia cầm") {
        Request::Fact { fact, .. } => assert_eq!(fact, "poultry"),
        other => panic!("{other:?}"),
    }
    assert!(!matches!(
        u.understand("xã mình muốn vay nuôi gia cầm được không"),
        Request::Fact { .. }
    ));
}

/// Integrator's round: a programme named as the yardstick of a comparison is not asked; the
/// one compared is.
#[test]
fn comparison_yardstick_is_not_asked() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "lãi suất cận nghèo so với hộ nghèo thì mấy phần trăm",
            loan_aspects("ho_can_ngheo", &[Rate]),
        ),
        (
            "vay nước sạch lãi có bằng một nửa lãi hộ nghèo không",
            loan_aspects("nuoc_sach_vsmt", &[Rate]),
        ),
    ];
    assert_readings(&u, &cases);
}

/// Integrator's round: a figure told to be confirmed asks its aspect; the polite "ạ" (folded
/// like "à") is not a request to confirm.
#[test]
fn told_figure_asks_its_aspect() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "vay hộ nghèo được 100 triệu phải không",
            loan_aspects("ho_ngheo", &[Amount]),
        ),
        (
            "hộ cận nghèo vay được 50 tr đúng ko",
            loan_aspects("ho_can_ngheo", &[Amount]),
        ),
        (
            "vay nước sạch trả trong năm năm phải không",
            loan_aspects("nuoc_sach_vsmt", &[Term]),
        ),
        (
            "vay sinh viên 12 tháng đúng không",
            loan_aspects("hoc_sinh_sinh_vien", &[Term]),
        ),
    ];
    assert_readings(&u, &cases);
    // A span in the story, no confirmation asked: not a term question.
    assert_ne!(
        u.understand("em mất việc hai tháng nay muốn vay vốn tạo việc làm ạ"),
        loan_aspects("giai_quyet_viec_lam", &[Term])
    );
}

/// Issue 9, facts (helper `facts2`): a figure about loans asked by its own words, the unit
/// of a count, a count of households of a standing, a hamlet told in the story, and common
/// misspellings of the lexicon.
#[test]
fn fact_subject_readings() {
    let mut cat = catalog();
    cat.facts[0].names.push("how many households".into());
    cat.facts.extend([
        entry(
            "womens_union_lent",
            &[
                "Hội Phụ nữ cho hội viên vay",
                "hội phụ nữ cho vay",
                "quỹ hội phụ nữ",
            ],
        ),
        entry(
            "preferential_loans_outstanding",
            &["Tổng dư nợ vốn vay ưu đãi", "dân cả xã đang nợ"],
        ),
        entry(
            "families_out_of_poverty",
            &["Gia đình đã thoát nghèo", "gia đình thoát nghèo"],
        ),
        entry("tea", &["Diện tích chè", "chè", "trồng chè"]),
    ]);
    for u in &mut cat.units {
        if u.id == CK {
            u.facts.extend(
                [
                    "womens_union_lent",
                    "preferential_loans_outstanding",
                    "families_out_of_poverty",
                    "tea",
                ]
                .map(String::from),
            );
        }
    }
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        // The figure's own words hold the loan word: "how much" asks the figure.
        (
            "hội phụ nữ cho vay được bao nhiêu",
            fact(CK, "womens_union_lent"),
        ),
        (
            "quỹ hội phụ nữ đã cho chị em vay tổng cộng bao nhiêu",
            fact(CK, "womens_union_lent"),
        ),
        (
            "dân cả xã đang nợ ngân hàng chính sách mấy tỷ",
            fact(CK, "preferential_loans_outstanding"),
        ),
        // The Women's Union's own rate, with no programme named: no figure has it (fifteenth
        // round; before, which was meant was asked between the loans and the amount lent).
        (
            "hội phụ nữ cho vay lãi suất bao nhiêu",
            Request::NoAnswer { unit: None },
        ),
        // "là bao nhiêu hộ" after a figure of poor households is the unit of the answer.
        (
            "ở bản He số hộ nghèo chưa thoát là bao nhiêu hộ",
            fact("he", "poor_households"),
        ),
        // A count of households with a standing: the count of those households.
        (
            "in Ban He hamlet, how many households are still classed as poor",
            fact("he", "poor_households"),
        ),
        // The same with no such figure: no answer, never all households.
        (
            "bản He có bao nhiêu hộ cận nghèo",
            Request::NoAnswer {
                unit: Some("he".into()),
            },
        ),
        // A hamlet told in the story, for a figure only the commune has.
        (
            "em là hội viên chi hội phụ nữ bản Đông, nghe nói nhiều chị em thoát nghèo lắm, chị cho em biết đến giờ đã có mấy gia đình thoát nghèo rồi",
            fact(CK, "families_out_of_poverty"),
        ),
        // Asked of the hamlet itself: it has no such figure.
        (
            "bản Đông có mấy gia đình thoát nghèo",
            Request::NoAnswer {
                unit: Some("dong".into()),
            },
        ),
        // Misspellings: "ngèo" is "nghèo"; "chồng chè" is "trồng chè".
        ("số hộ ngèo ở bản He", fact("he", "poor_households")),
        (
            "hộ ngèo vay được bao nhiêu",
            loan_aspects("ho_ngheo", &[Amount]),
        ),
        (
            "cả xã mình chồng chè được bao nhiêu héc ta",
            fact(CK, "tea"),
        ),
    ];
    assert_readings(&u, &cases);
    let words =
        |text: &str| -> Vec<String> { read_words(&u, text).into_iter().map(|(w, _)| w).collect() };
    // "chồng" alone is a husband, not "trồng".
    assert_eq!(words("chồng em")[0], "chong");
    assert_eq!(words("ngèo")[0], "ngheo");
    assert_eq!(words("học ngề")[1], "nghe");
}

/// Whether `got` is a "did you mean" offering every one of `want`.
fn offers(got: &Request, want: &[Request]) -> bool {
    matches!(got, Request::NotUnderstood { suggestions } if want.iter().all(|w| suggestions.contains(w)))
}

/// Ninth round (the wrong figures of tuning-9's first run): the question after an asking
/// opener, two subjects offered, a standing that contradicts the programme stated, a
/// comparison's yardstick, off-list households, a denied hamlet beside the commune.
#[test]
fn ninth_round_stricter_figures() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        // After a story, "cho em hỏi" starts the question: the loan of the story is not asked.
        (
            "Tháng trước bản He họp về vay nước sạch, cho em hỏi xã mình có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        // …but a question after it that names no subject of its own keeps the story's need.
        (
            "nhà em muốn vay nuôi bò, cho em hỏi lãi bao nhiêu",
            by_purpose(&[
                "ho_ngheo",
                "ho_can_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
        // A comparison's yardstick ("cao hơn", "có bằng") and its standing are not asked.
        (
            "Vay hộ cận nghèo lãi cao hơn hộ nghèo bao nhiêu",
            loan_aspects("ho_can_ngheo", &[Rate]),
        ),
        (
            "Mức vay tối đa của hộ cận nghèo có bằng hộ nghèo không",
            loan_aspects("ho_can_ngheo", &[Amount]),
        ),
        // Off the poor list: recently out, and not poor — not the near-poor programme either.
        (
            "Nhà em vừa ra khỏi danh sách hộ nghèo, muốn vay nuôi bò",
            by_purpose(&["giai_quyet_viec_lam"]),
        ),
        (
            "nhà em không còn là hộ cận nghèo nữa, giờ muốn vay nuôi bò",
            by_purpose(&["giai_quyet_viec_lam"]),
        ),
        // A hamlet denied beside the commune: the commune.
        (
            "không phải bản He đâu, cả xã có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        // Who may borrow, asked by someone of another standing: the programme named.
        (
            "nhà em cận nghèo, vay hộ nghèo được không",
            loan("ho_ngheo", Some(Eligibility)),
        ),
    ];
    assert_readings(&u, &cases);
    // Two subjects in one message: both offered, neither stated alone.
    let two = [
        (
            "Bản Đông đạt mấy tiêu chí rồi, còn vay nước sạch thì lãi bao nhiêu",
            vec![summary("dong"), loan_aspects("nuoc_sach_vsmt", &[Rate])],
        ),
        (
            "xã có bao nhiêu đảng viên, nhà em định nuôi thêm bò",
            vec![fact(CK, "party_members")],
        ),
        // The asker's standing names another standing's programme than the one named.
        (
            "Hội phụ nữ có giới thiệu vay hộ nghèo, nhưng nhà em cận nghèo thì vay được bao nhiêu",
            vec![
                loan_aspects("ho_ngheo", &[Amount]),
                loan_aspects("ho_can_ngheo", &[Amount]),
            ],
        ),
        (
            "hộ nghèo vay được bao nhiêu, hộ cận nghèo thì sao",
            vec![
                loan_aspects("ho_ngheo", &[Amount]),
                loan_aspects("ho_can_ngheo", &[Amount]),
            ],
        ),
    ];
    for (text, want) in two {
        let got = u.understand(text);
        assert!(offers(&got, &want), "{text}: {got:?}");
    }
    // A figure's words read across a programme's name are no second subject.
    let mut cat = catalog();
    cat.facts.push(entry("womens_union_lent", &["hội cho vay"]));
    cat.units[0].facts.push("womens_union_lent".into());
    let u = Understander::new(&cat);
    assert_eq!(
        u.understand("vay nhà ở xã hội cho vay sửa nhà thì lãi bao nhiêu"),
        loan_aspects("nha_o_xa_hoi", &[Rate])
    );
}

/// Tenth round (`tuning-10.toml`): a question of its own before a follow-up or a loan, a turn
/// of the story to the asker, what the asker already knows, and more asking openers.
#[test]
fn tenth_round_readings() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        // A turn to the asker ("nhưng nhà em", "em thì") ends what others did: their
        // programme is the story, the asker's need is asked.
        (
            "Anh họ em vay sinh viên rồi nhưng nhà em muốn vay nuôi bò thì vay chương trình nào",
            by_purpose(&[
                "ho_ngheo",
                "ho_can_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
        (
            "chị gái em vay dược liệu rồi em thì muốn vay nuôi lợn thì vay ở đâu",
            by_purpose(&[
                "ho_ngheo",
                "ho_can_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
        // What the asker already knows ("… thì em biết rồi") is not asked.
        (
            "Bản He thì em biết rồi, thế xã mình còn những tiêu chí nào chưa đạt",
            remaining(CK),
        ),
        // Someone else's asking opener ("ông hỏi"); a hamlet told before it with a unit named
        // after it is the story.
        (
            "ông em là đảng viên ở bản He, ông hỏi cả xã có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        (
            "hôm qua bản He họp nói bản mình nhiều người lắm, em hỏi xã có mấy hợp tác xã",
            fact(CK, "cooperatives"),
        ),
        // A loan asked first, a figure after: the first question is answered.
        (
            "lãi vay hộ nghèo bao nhiêu, với lại xã có mấy hợp tác xã",
            loan_aspects("ho_ngheo", &[Rate]),
        ),
        // "thấy bảo" (they say) asks nothing: the follow-up still replaces the hamlet.
        (
            "Bản Đông thấy bảo đạt sáu tiêu chí rồi, còn bản He thì sao",
            summary("he"),
        ),
    ];
    assert_readings(&u, &cases);
    // A question of its own before a follow-up or a loan: offered with the later one, never
    // the later one stated alone.
    let two = [
        (
            "Bản Đông đạt tiêu chí giáo dục chưa, còn điện thì sao",
            vec![detail("dong", "giao_duc"), detail("dong", "dien")],
        ),
        (
            "Bản He có bao nhiêu đảng viên, còn vay hộ nghèo thì lãi bao nhiêu",
            vec![fact("he", "party_members")],
        ),
    ];
    for (text, want) in two {
        let got = u.understand(text);
        assert!(offers(&got, &want), "{text}: {got:?}");
    }
}

/// Mountain speech says tr as ch, but "chăm", "châu" and "chả" are words of their own too:
/// each is the tr- word only right next to a word that calls for it (lexicon `rewrite_near`
/// with `before` / `after`), and the word as typed elsewhere.
#[test]
fn eleventh_round_mountain_words_by_context() {
    let u = Understander::new(&catalog());
    let livestock = [
        "ho_ngheo",
        "ho_can_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ];
    let not_poor = ["ho_can_ngheo", "sxkd_vung_kho_khan", "giai_quyet_viec_lam"];
    let cases: Vec<(&str, Request)> = vec![
        // "chả" before "phải", "có", "biết" is "not": the negation stays.
        (
            "nhà em chả phải hộ nghèo muốn vay nuôi lợn",
            by_purpose(&not_poor),
        ),
        (
            "nhà em chả có sổ hộ nghèo muốn vay mua bò",
            by_purpose(&not_poor),
        ),
        (
            "em chả biết vay hộ cận nghèo thì lãi bao nhiêu",
            loan("ho_can_ngheo", Some(Rate)),
        ),
        // …before "nợ", "lãi", after "phải" it is trả.
        (
            "vay hộ nghèo thì bao nhiêu năm phải chả nợ",
            loan("ho_ngheo", Some(Term)),
        ),
        (
            "vay hộ cận nghèo mấy năm phải chả",
            loan("ho_can_ngheo", Some(Term)),
        ),
        // "chăm" next to a number or money is trăm; "chăm sóc" is caring for.
        (
            "vay hộ nghèo được một chăm triệu không",
            loan("ho_ngheo", Some(Amount)),
        ),
        (
            "em muốn vay tiền để chăm sóc vườn chè",
            by_purpose(&["ho_ngheo", "ho_can_ngheo", "sxkd_vung_kho_khan"]),
        ),
        // "châu" next to "con", "mua", "bò" is a buffalo; Mai Châu, chị Châu are not.
        ("nhà em muốn mua con châu về nuôi", by_purpose(&livestock)),
        (
            "em quê ở Mai Châu hỏi vay sinh viên có cần thế chấp không",
            loan("hoc_sinh_sinh_vien", Some(LoanAspect::Collateral)),
        ),
        (
            "chị Châu nhờ em hỏi vay nước sạch lãi bao nhiêu",
            loan("nuoc_sach_vsmt", Some(Rate)),
        ),
    ];
    assert_readings(&u, &cases);
}

/// The asker's own file (lexicon `own_case`) has no answer but a person's, even with a
/// programme named; "chiếm bao nhiêu phần trăm" is a share of the households, never a loan's
/// interest rate ("chiếm" was cut into "chi em").
#[test]
fn eleventh_round_own_case_and_shares() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "em muốn hỏi bao giờ thì tiền vay hộ nghèo của nhà em được giải ngân",
            Request::NoAnswer { unit: None },
        ),
        (
            "hồ sơ vay sinh viên của con em được duyệt chưa",
            Request::NoAnswer { unit: None },
        ),
        // Where loans are paid out is still the programme's way to apply.
        (
            "vay hộ nghèo thì giải ngân ở đâu",
            loan("ho_ngheo", Some(Apply)),
        ),
    ];
    assert_readings(&u, &cases);
    for text in [
        "hộ nghèo chiếm bao nhiêu phần trăm",
        "hộ cận nghèo chiếm mấy phần trăm trong xã",
        "what percentage of the commune is poor",
    ] {
        let got = u.understand(text);
        assert!(
            !matches!(
                got,
                Request::LoanDetail { .. } | Request::LoansByPurpose { .. }
            ) && !matches!(&got, Request::NotUnderstood { suggestions }
                if suggestions.iter().any(|s| matches!(s, Request::LoanDetail { .. }))),
            "{text}: {got:?}"
        );
    }
}

/// Words of the eleventh round's unseen styles: shorthand read by its neighbours ("dk" after
/// "muốn" is đăng ký), a wrong tone ("lải"), "mấy trăm" as an amount, "bn lâu" as a term,
/// "đông" as crowded or winter (not Bản Đông), "nông thôn mới bản …" (not "mỗi bản"), whether
/// interest is paid at all, a compensation question.
#[test]
fn eleventh_round_unseen_words() {
    let u = Understander::new(&catalog());
    let livestock = [
        "ho_ngheo",
        "ho_can_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ];
    let cases: Vec<(&str, Request)> = vec![
        (
            "mình muốn dk nhận tin bản Đông",
            Request::Subscribe {
                hamlets: vec!["dong".into()],
            },
        ),
        // "mun" is muốn only, never mượn (a loan): registering, not a loan.
        (
            "mk mun dk nhan tin ban dong",
            Request::Subscribe {
                hamlets: vec!["dong".into()],
            },
        ),
        (
            "vay việc làm bn lâu thì phải trả",
            loan("giai_quyet_viec_lam", Some(Term)),
        ),
        (
            "vay nước sạch lải mấy phần trăm",
            loan("nuoc_sach_vsmt", Some(Rate)),
        ),
        (
            "vay cận nghèo được mấy trăm",
            loan("ho_can_ngheo", Some(Amount)),
        ),
        (
            "mùa đông rét quá chết mất con bò nhà em muốn vay mua bò khác",
            by_purpose(&livestock),
        ),
        ("nông thôn mới bản He đạt mấy tiêu chí", summary("he")),
        // A bare "hỏi" after the story opens the question: the hamlet told is the story.
        (
            "em ở bản He hỏi xã có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        // "dong" next to money or "bào", "chí" is đồng; "phía đông" a direction: the
        // commune's figure, never Bản Đông's.
        (
            "dong bao dan toc o xa co bao nhieu dang vien",
            fact(CK, "party_members"),
        ),
        (
            "phía đông xã có bao nhiêu hợp tác xã",
            fact(CK, "cooperatives"),
        ),
        ("dong dat may tieu chi", summary("dong")),
        (
            "vay nhà ở xã hội có phải trả lãi không",
            loan("nha_o_xa_hoi", Some(Rate)),
        ),
        ("có được đền bù không ad", Request::NoAnswer { unit: None }),
        // A programme not wanted is not asked.
        (
            "em không muốn vay hộ nghèo, muốn vay sinh viên cho con thì lãi bao nhiêu",
            loan("hoc_sinh_sinh_vien", Some(Rate)),
        ),
        // "đã ra khỏi hộ cận nghèo" is recently out, not only "not near-poor".
        (
            "nhà em đã ra khỏi hộ cận nghèo muốn vay nuôi bò",
            by_purpose(&["giai_quyet_viec_lam"]),
        ),
        // "trả lãi bao nhiêu" is the rate; "trả lãi hàng tháng ở đâu" where to pay.
        (
            "vay hộ nghèo năm mươi triệu thì mỗi tháng trả lãi bao nhiêu",
            loan("ho_ngheo", Some(Rate)),
        ),
        (
            "vay hộ nghèo chả lãi hàng tháng ở đâu",
            loan("ho_ngheo", Some(Apply)),
        ),
        // Needs beyond the usual few animals and crops.
        ("em muốn vay nuôi nhím", by_purpose(&livestock)),
        (
            "vay trồng rau sạch được không",
            by_purpose(&["ho_ngheo", "ho_can_ngheo", "sxkd_vung_kho_khan"]),
        ),
        (
            "em muốn vay tiền nuôi con ăn học",
            by_purpose(&["hoc_sinh_sinh_vien"]),
        ),
        // A need denied in its clause is not asked.
        (
            "em không cần vay mua bò, em cần vay làm nhà vệ sinh",
            by_purpose(&["nuoc_sach_vsmt"]),
        ),
        (
            "bản He có những tiêu chí nông thôn mới nào",
            Request::CriteriaList { unit: "he".into() },
        ),
    ];
    assert_readings(&u, &cases);
}

/// A figure asked in a clause of its own and a standing or another figure in a later one
/// (`facts_apart`): two questions — the later words never narrow the first figure away, and
/// the later figure is never stated alone.
#[test]
fn eleventh_round_two_figures_apart() {
    let u = Understander::new(&catalog());
    for text in [
        "bản He có bao nhiêu hộ, còn mấy hộ nghèo",
        "Bản He có tất cả bao nhiêu hộ? hộ nghèo còn mấy",
    ] {
        let got = u.understand(text);
        assert!(
            offers(
                &got,
                &[fact("he", "households"), fact("he", "poor_households")]
            ),
            "{text}: {got:?}"
        );
    }
    // A sum in millions by itself asks no loan: with a figure named, the figure.
    let mut cat = catalog();
    cat.facts
        .push(entry("income_per_person", &["thu nhập bình quân"]));
    for unit in &mut cat.units {
        if unit.id == CK {
            unit.facts.push("income_per_person".into());
        }
    }
    assert_readings(
        &Understander::new(&cat),
        &[
            (
                "thu nhập bình quân bao nhiêu triệu một người",
                fact(CK, "income_per_person"),
            ),
            (
                "hộ cận nghèo vay được bao nhiêu triệu",
                loan("ho_can_ngheo", Some(Amount)),
            ),
        ],
    );
    // One question: the count of the poor households, stated.
    assert_readings(
        &u,
        &[(
            "bản He có bao nhiêu hộ nghèo",
            fact("he", "poor_households"),
        )],
    );
}

/// An age told with a loan asks the age limit; a denial ends where a loan is asked after a
/// break; English "here" is not Bản He; "vc" is việc.
#[test]
fn eleventh_round_age_denial_and_shorthand() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "bố em 58 tuổi rồi có vay hộ nghèo được nữa không",
            loan("ho_ngheo", Some(LoanAspect::Age)),
        ),
        (
            "em mới 17 tuổi vay sinh viên được không",
            loan("hoc_sinh_sinh_vien", Some(LoanAspect::Age)),
        ),
        // A need told first lists the programmes for it: the age is the story.
        (
            "con em 19 tuổi đỗ đại học muốn vay cho con đi học",
            by_purpose(&["hoc_sinh_sinh_vien"]),
        ),
        (
            "nhà em không phải hộ nghèo, vay cận nghèo được bao nhiêu",
            loan("ho_can_ngheo", Some(Amount)),
        ),
        ("vay vc lm lai bn", loan("giai_quyet_viec_lam", Some(Rate))),
    ];
    assert_readings(&u, &cases);
    // "he" next to a verb is the English pronoun: no unit named, so no figure is stated.
    let got = u.understand("how many households are there, he asked");
    assert!(!matches!(got, Request::Fact { .. }), "he asked: {got:?}");
    assert_readings(
        &u,
        &[(
            "he lives in Ban He, bản He có bao nhiêu hộ",
            fact("he", "households"),
        )],
    );
    let got = u.understand("how many party members are here");
    assert!(
        !matches!(&got, Request::Fact { unit, .. } if unit == "he"),
        "here: {got:?}"
    );
}

/// The count of criteria met asked before the remaining ones (`count_met_first`): the first
/// question is answered; asked alone, the remaining ones still are.
#[test]
fn eleventh_round_count_met_first() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "bản He đạt bao nhiêu tiêu chí rồi, còn thiếu tiêu chí nào",
            summary("he"),
        ),
        (
            "xã đạt được mấy tiêu chí rồi còn những tiêu chí nào chưa đạt",
            summary(CK),
        ),
        ("bản He còn thiếu những tiêu chí nào", remaining("he")),
    ];
    assert_readings(&u, &cases);
}

/// English questions of the eleventh round: an age after "I am", a bare "land" that is the asker's farm, exchange rates, "send me the notices".
#[test]
fn eleventh_round_english() {
    let mut cat = catalog();
    for p in &mut cat.programmes {
        if p.id == "hoc_sinh_sinh_vien" {
            p.names.push("student loan".into());
        }
    }
    let u = Understander::new(&cat);
    let cases: Vec<(&str, Request)> = vec![
        (
            "I am 16, can I get a student loan",
            loan("hoc_sinh_sinh_vien", Some(LoanAspect::Age)),
        ),
        (
            "what is the dollar exchange rate",
            Request::NoAnswer { unit: None },
        ),
        (
            "loan to grow tea on my land",
            by_purpose(&["ho_ngheo", "ho_can_ngheo", "sxkd_vung_kho_khan"]),
        ),
        (
            "how long can I borrow the student loan for",
            loan("hoc_sinh_sinh_vien", Some(Term)),
        ),
        (
            "do I need a red book for the student loan",
            loan("hoc_sinh_sinh_vien", Some(LoanAspect::Collateral)),
        ),
        (
            "I want to raise ducks, which loan",
            by_purpose(&[
                "ho_ngheo",
                "ho_can_ngheo",
                "sxkd_vung_kho_khan",
                "giai_quyet_viec_lam",
            ]),
        ),
        (
            "please send me the notices of Ban Dong",
            Request::Subscribe {
                hamlets: vec!["dong".into()],
            },
        ),
    ];
    assert_readings(&u, &cases);
}

/// A phrase never runs across a comma or a question mark ("… bao nhiêu, tỷ lệ …" has no
/// "bao nhiêu tỷ", an amount of billions); "c.ơn" is still one word pair.
#[test]
fn eleventh_round_phrases_stop_at_a_break() {
    let u = Understander::new(&catalog());
    let read = u.explain("xã có bao nhiêu đảng viên, tỷ lệ hộ nghèo thế nào");
    assert!(!read.contains("\"bao nhieu ty\""), "{read}");
    let read = u.explain("xã có bao nhiêu tỷ dư nợ");
    assert!(read.contains("\"bao nhieu ty\""), "{read}");
    assert_eq!(u.understand("c.ơn ad"), Request::Thanks);
}

/// Twelfth round (the wrong figures of `tuning-12.toml`'s first run, `counts.rs`): a count or
/// a share asked of a unit is answered by that unit's figure or by no answer — never a loan
/// card, a criterion or the list of figures; a hamlet of the story is not the unit asked; a
/// count of households with a qualifier counts a part; a figure asked first with "mấy".
#[test]
fn twelfth_round_counts_and_shares() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        // A count of a standing's households: no figure counts them (before: the figures).
        ("xã có mấy hộ cận nghèo", no_answer(CK)),
        // A count with a share word denied after it: the count (before: the loan's rate).
        (
            "hộ nghèo ở bản He còn mấy hộ, đừng nói phần trăm",
            fact("he", "poor_households"),
        ),
        (
            "ban he con may ho ngheo, k can phan tram dau",
            fact("he", "poor_households"),
        ),
        // A share of a unit without a rate (before: the poor-household loan's rate).
        (
            "riêng bản He thì hộ nghèo chiếm mấy phần trăm",
            no_answer("he"),
        ),
        // The share of a unit with a rate.
        (
            "xã mình hộ nghèo còn mấy phần trăm",
            fact(CK, "poor_near_poor_rate"),
        ),
        // Staff of the health station, animals: counts the content lacks (before: the
        // health criterion, the list of figures).
        ("trạm y tế xã có mấy bác sĩ", no_answer(CK)),
        ("xã có bao nhiêu con lợn", no_answer(CK)),
        ("xa co bao nhieu sinh vien dang vay von", no_answer(CK)),
        // Borrowers counted, the count word first in the message (its clause starts there).
        ("mấy hộ nghèo ở bản He được vay vốn", no_answer("he")),
        // A count of households with a qualifier counts a part (before: all households).
        ("bản He bao nhiêu hộ có xe máy", no_answer("he")),
        // Figures of overlapping words: both standings are counted (before: the poor only).
        ("bản He có bao nhiêu hộ nghèo và cận nghèo", no_answer("he")),
        // A hamlet of the story, the commune or another hamlet asked (before: the story
        // hamlet's answer).
        (
            "nhà em ở bản Đông, xã có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        (
            "bản He 195 hộ rồi, thế bản Đông có bao nhiêu hộ",
            no_answer("dong"),
        ),
        // A figure told of one unit, then asked of another by its name alone.
        (
            "bản He 46 đảng viên, xã bao nhiêu",
            fact(CK, "party_members"),
        ),
        // The same for criteria: the first clause that asks (before: the story hamlet's).
        (
            "nhà em ở bản Đông, xã mình đạt mấy tiêu chí rồi",
            summary(CK),
        ),
        (
            "bản Đông đạt 6 tiêu chí rồi, thế xã còn tiêu chí nào chưa đạt",
            remaining(CK),
        ),
        // Each clause its own unit, for criteria too (before: the hamlet's only).
        (
            "nhà em ở bản Đông, tiêu chí thu nhập của xã đạt chưa",
            detail(CK, "thu_nhap"),
        ),
        // Units counted or asked which: no figure of one unit (before: the commune's
        // criteria).
        (
            "xã có bao nhiêu bản đạt nông thôn mới",
            Request::NoAnswer { unit: None },
        ),
        (
            "bản nào đạt nông thôn mới rồi",
            Request::NoAnswer { unit: None },
        ),
        // A count changed or compared is no figure (before: the count itself).
        ("bản He tăng bao nhiêu hộ so với năm ngoái", no_answer("he")),
        // … said in the story, it is not the count's ("Chào bot" is no "bớt").
        (
            "Chào bot, trưởng bản nói bản He giảm được nhiều hộ nghèo, giờ bản He còn bao nhiêu hộ nghèo",
            fact("he", "poor_households"),
        ),
        ("bản He có mấy hộ chưa có điện", no_answer("he")),
        // … but a qualifier naming the standing counted is no part.
        (
            "ở bản He thì còn bao nhiêu nhà thuộc diện hộ nghèo",
            fact("he", "poor_households"),
        ),
        // A count of households with no figure's words: the figure counting them.
        (
            "bản He hiện giờ tổng cộng được mấy hộ rồi",
            fact("he", "households"),
        ),
        // A loan held is the story of a count; a figure asked first is not asked about the
        // loan said after it (before: no answer, the figure's names not speaking of loans).
        (
            "nhà em đang vay cận nghèo, cho em hỏi xã có bao nhiêu hợp tác xã",
            fact(CK, "cooperatives"),
        ),
        (
            "xã có mấy hợp tác xã, hợp tác xã vay vốn thì lãi bao nhiêu",
            fact(CK, "cooperatives"),
        ),
        // The commune named after the story's hamlet, a turn ("giờ") between.
        (
            "chị ở bản Đông đây, xã mình giờ có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        // Wanting to know is asking, not a wish: the loan held is the story.
        (
            "em đang vay sinh viên cho con, muốn hỏi xã mình có bao nhiêu đảng viên",
            fact(CK, "party_members"),
        ),
        // "đảng viên" folds like "đang" (a qualifier): a thing counted, not a part.
        (
            "xã mình có bao nhiêu người đảng viên",
            fact(CK, "party_members"),
        ),
        // A "%" typed after the count word asks a share (before: the count).
        ("hộ nghèo bản He chiếm bao nhiêu %", no_answer("he")),
        // Households counted with what they do right after them: a part (before: all).
        ("bản he co bao nhieu ho nuoi bo", no_answer("he")),
        ("bản He có bao nhiêu hộ dùng nước sạch", no_answer("he")),
        ("mấy hộ ở bản He có nhà vệ sinh", no_answer("he")),
        // Not counts: still what they were.
        ("bản He có mấy hộ nghèo", fact("he", "poor_households")),
        (
            "vay hộ nghèo được bao nhiêu",
            loan("ho_ngheo", Some(Amount)),
        ),
        // "hả" is not "ha" (hectares): the amount, not a count of the hamlet's; nor is a
        // last "ha" typed without marks.
        (
            "nha em o ban he vay ho ngheo duoc bao nhieu ha",
            loan("ho_ngheo", Some(Amount)),
        ),
        (
            "nhà em ở bản He vay hộ nghèo được bao nhiêu hả",
            loan("ho_ngheo", Some(Amount)),
        ),
        (
            "Em cần nắm số hộ nghèo còn lại của bản He để báo cáo xã",
            fact("he", "poor_households"),
        ),
    ];
    assert_readings(&u, &cases);
    // A wish before the count: the count is the story of a loan question.
    let wish = u.understand("nhà em ở bản He muốn vay nuôi mấy con bò");
    assert!(
        matches!(wish, Request::LoansByPurpose { .. }),
        "wish: {wish:?}"
    );
    // Said with a criterion's name and no count, the health station's staff: no answer.
    let staff = u.understand("em ở bản Đông, trạm y tế xã có bác sĩ nào không");
    assert!(
        matches!(staff, Request::NoAnswer { .. }),
        "staff: {staff:?}"
    );
    // Each clause's figure of its own unit, or the commune and a hamlet joined: offered in
    // the order asked (before: the hamlet's figure for both).
    let two = [
        (
            "xã có bao nhiêu đảng viên, bản He có bao nhiêu hộ",
            vec![fact(CK, "party_members"), fact("he", "households")],
        ),
        (
            "có bao nhiêu đảng viên ở xã và ở bản He",
            vec![fact(CK, "party_members"), fact("he", "party_members")],
        ),
    ];
    for (text, want) in two {
        let got = u.understand(text);
        assert_eq!(got, unsure(want), "{text}");
    }
    let text = "xã còn thiếu tiêu chí gì, bản Đông thì sao";
    assert_eq!(
        u.understand(text),
        unsure(vec![remaining(CK), remaining("dong")]),
        "{text}"
    );
    // The loan clause's standing does not bar the figure asked first (before: no answer).
    let text = "bản He còn mấy hộ nghèo ạ, hộ cận nghèo thì vay được bao nhiêu";
    let got = u.understand(text);
    assert!(
        got == fact("he", "poor_households") || offers(&got, &[fact("he", "poor_households")]),
        "{text}: {got:?}"
    );
    // A loan asked of any hamlet is still the loan.
    let any = u.understand("bản nào cũng được vay hộ nghèo à");
    assert!(matches!(any, Request::LoanDetail { .. }), "any: {any:?}");
    // Said on without a break, a figure then a loan question of its own: both offered, never
    // the loan alone (before: the loan's card).
    for text in [
        "bản He có bao nhiêu hộ nghèo vay hộ nghèo lãi bao nhiêu",
        "cho em hỏi bản He bao nhiêu hộ nghèo với lại lãi suất vay sinh viên",
    ] {
        let got = u.understand(text);
        assert!(
            offers(&got, &[fact("he", "poor_households")]),
            "{text}: {got:?}"
        );
    }
    // Borrowers counted ("… được vay …", no question of the loan's own): no figure.
    assert_eq!(
        u.understand("bản He có bao nhiêu hộ nghèo được vay hộ nghèo"),
        no_answer("he")
    );
    // A figure asked first with "mấy", a loan after it: both offered, never the loan alone.
    let text = "xã có mấy hợp tác xã, thế vay giải quyết việc làm mấy năm phải trả";
    let got = u.understand(text);
    assert!(offers(&got, &[fact(CK, "cooperatives")]), "{text}: {got:?}");
}

/// Subscriptions, sets of criteria, what is left, and a span told after "tối đa".
#[test]
fn eleventh_round_settings_and_spans() {
    let u = Understander::new(&catalog());
    let cases: Vec<(&str, Request)> = vec![
        (
            "em đang đăng ký nhận tin của bản nào vậy",
            Request::MySubscriptions,
        ),
        // "đang đăng ký vay" is applying for a loan, not a subscription.
        ("e dang dk vay ho ngheo", loan("ho_ngheo", Some(Apply))),
        (
            "báo cho em mỗi khi bản He có thông báo mới",
            Request::Subscribe {
                hamlets: vec!["he".into()],
            },
        ),
        (
            "có mấy bộ tiêu chí nông thôn mới",
            Request::CriteriaOverview,
        ),
        ("bản He còn phải phấn đấu mấy mục nữa", remaining("he")),
        (
            "vay hộ nghèo tối đa được mười năm phải không",
            loan("ho_ngheo", Some(Term)),
        ),
        (
            "vay sinh viên một tháng được tối đa bốn triệu phải không",
            loan("hoc_sinh_sinh_vien", Some(Amount)),
        ),
    ];
    assert_readings(&u, &cases);
}

/// Where the eleventh (`lex`) and twelfth (`facts`) rounds meet on `trial`: a count offers two
/// figures asked apart, the standings said only after the first figure's clause are the later
/// clause's own count, and an opener that asks too ("tiện hỏi luôn") follows a first question,
/// never ends a story.
#[test]
fn merged_rounds_readings() {
    let u = Understander::new(&catalog());
    let text = "bản He có bao nhiêu hộ, còn mấy hộ nghèo";
    let got = u.understand(text);
    assert!(
        offers(
            &got,
            &[fact("he", "households"), fact("he", "poor_households")]
        ),
        "{text}: {got:?}"
    );
    assert_readings(
        &u,
        &[
            (
                "lãi suất hộ nghèo mấy phần trăm, tiện hỏi luôn bản He có mấy hộ nghèo",
                loan("ho_ngheo", Some(LoanAspect::Rate)),
            ),
            // A bare "hỏi" still ends a story told before it.
            (
                "em ở bản He hỏi xã có bao nhiêu đảng viên",
                fact(CK, "party_members"),
            ),
        ],
    );
}

/// Thirteenth round (the wrong figures of tuning-13's first run, `scope.rs`): a figure of
/// another time or place than the content's, a part left out, a loan term the content has no
/// field for or terms to come, units compared, a hamlet's total borrowing, and counts the
/// unit has no figure for are no answer — each stated a nearby figure before.
#[test]
fn thirteenth_round_scope() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // Another year than the figures' (before: the 2023 figure).
            ("năm 2019 xã mình có bao nhiêu đảng viên", none.clone()),
            ("sang năm bản He còn mấy hộ nghèo", none.clone()),
            (
                "last year how many poor households did Ban He have",
                no_answer("he"),
            ),
            ("nam ngoai ban he co bn ho ngheo", none.clone()),
            // … but the figures' own year, a time of the story before "giờ", a span to now.
            (
                "năm 2023 xã có bao nhiêu đảng viên",
                fact(CK, "party_members"),
            ),
            (
                "bố em bảo năm 2015 bản He có hơn 50 hộ nghèo, giờ còn bao nhiêu hộ nghèo",
                fact("he", "poor_households"),
            ),
            (
                "từ mấy năm trước đến nay xã có bao nhiêu hợp tác xã",
                fact(CK, "cooperatives"),
            ),
            // Another place (before: the commune's figure or criteria).
            ("xã Mường Giôn có bao nhiêu đảng viên", none.clone()),
            ("huyen thuan chau co bao nhieu dang vien", none.clone()),
            ("tỉnh Sơn La có bao nhiêu hợp tác xã", none.clone()),
            ("cả nước có bao nhiêu xã đạt nông thôn mới", none.clone()),
            // … a "did you mean" between figures too (before: Bản He's figure offered).
            ("toàn tỉnh có bao nhiêu hộ nghèo", none.clone()),
            ("huyện mình có bao nhiêu đảng viên", none.clone()),
            // … but the commune by its name, "xã" before a word, "tình hình".
            (
                "xã Chiềng Khoang có bao nhiêu đảng viên",
                fact(CK, "party_members"),
            ),
            ("xa minh co bao nhieu dang vien", fact(CK, "party_members")),
            // A part left out (before: the hamlet's or the whole's figure).
            ("trừ bản He ra thì xã còn bao nhiêu đảng viên", none.clone()),
            ("ngoài hộ nghèo ra thì bản He có bao nhiêu hộ", none.clone()),
            (
                "apart from Ban He, how many party members does the commune have",
                no_answer(CK),
            ),
            // … but "ngoài ra" leaves nothing out.
            (
                "ngoài ra xã có bao nhiêu hợp tác xã",
                fact(CK, "cooperatives"),
            ),
            // Loan terms with no field (before: the programme's card).
            ("làm hồ sơ vay hộ nghèo có mất phí gì không ạ", none.clone()),
            (
                "vay nước sạch có phải đóng tiền bảo hiểm không",
                none.clone(),
            ),
            (
                "năm 2027 chuẩn nghèo mới là bao nhiêu tiền một tháng",
                none.clone(),
            ),
            (
                "vay hộ nghèo mà không trả được thì có bị kiện không",
                none.clone(),
            ),
            // The end of this year is still to come (before: the commune's criteria).
            ("đến cuối năm nay xã có đạt đủ tiêu chí không", none.clone()),
            // A whole hamlet's borrowing (before: the poor-household loan's amount).
            ("tien vay ho ngheo ca ban he la bao nhieu", none.clone()),
            // … read as small talk too (before: an ok).
            (
                "nếu trả nợ sớm trước hạn thì có bị phạt không",
                none.clone(),
            ),
            // … but school fees are a need.
            (
                "con em đỗ đại học mà nhà không đủ tiền đóng học phí",
                by_purpose(&["hoc_sinh_sinh_vien"]),
            ),
            // Terms to come or changed (before: today's card).
            ("bao giờ lãi suất hộ nghèo được giảm xuống", none.clone()),
            ("sang năm mức vay sinh viên có tăng lên không", none.clone()),
            ("baoh lai xuat ho ngheo giam z ad", none.clone()),
            // Units compared (before: one hamlet's figure).
            (
                "bản He với bản Đông bản nào nhiều hộ nghèo hơn",
                none.clone(),
            ),
            // A hamlet's borrowing in all (before: the poor-household loan's amount).
            (
                "tổng số tiền hộ nghèo bản He đã vay là bao nhiêu",
                none.clone(),
            ),
            // Households counted that no figure of the unit counts (before: its figures).
            ("xã có bao nhiu hô cân nghèo", no_answer(CK)),
            // A part of the households after where they are, "xe may" no "mấy" (before:
            // all households).
            ("bn ho trong ban he co xe may", no_answer("he")),
            (
                "how many households in Ban He have a motorbike",
                no_answer("he"),
            ),
            // The day or hour of the transaction point: no field (before: the common steps)…
            (
                "ngày giao dịch của ngân hàng chính sách ở xã là ngày mấy trong tháng",
                none.clone(),
            ),
            // … unless where is asked too.
            (
                "điểm giao dịch của ngân hàng chính sách họp ở đâu, ngày nào ạ",
                Request::LoanProcess,
            ),
            // … said across a break, no day or hour is asked ("may, giờ").
            (
                "ngân hàng chính sách cho vay ở công ty may, giờ thủ tục vay thế nào",
                Request::LoanProcess,
            ),
            // A lender that is not the bank's programmes (before: the list of loans).
            ("có cho vay để trả nợ ngân hàng khác không", none.clone()),
            // A part of a figure said as who asks, then a need (before: no answer).
            (
                "nhà em thuộc hộ nghèo dân tộc Mông, muốn chuyển sang nuôi bò",
                by_purpose(&["ho_ngheo", "giai_quyet_viec_lam"]),
            ),
            // A sum, a span or an age told with "được không" asks it (before: who may borrow).
            (
                "vay hộ nghèo 50 triệu có được không",
                loan("ho_ngheo", Some(LoanAspect::Amount)),
            ),
            (
                "vay 10 năm có được không, vay hộ nghèo ấy",
                loan("ho_ngheo", Some(LoanAspect::Term)),
            ),
            (
                "em 17 tuổi có vay tạo việc làm được không",
                loan("giai_quyet_viec_lam", Some(LoanAspect::Age)),
            ),
            // … but a span the story tells is no term asked.
            (
                "em vay hộ nghèo được 2 năm rồi, giờ muốn vay thêm có được không",
                loan("ho_ngheo", Some(LoanAspect::Eligibility)),
            ),
            // People's names and offices: the content names none (before: the hamlet's
            // readings offered).
            ("trưởng bản He tên là gì", no_answer("he")),
            ("bí thư đảng ủy xã là ai", no_answer(CK)),
            // A school term is no kilo (before: no answer, a price).
            (
                "con em học năm thứ 2 đại học, học phí 12 triệu một kỳ, vay được bao nhiêu",
                loan("hoc_sinh_sinh_vien", Some(LoanAspect::Amount)),
            ),
            // Out of poverty longer than the recently-out window: not poor, not near-poor,
            // not recently out (before: the programmes for the recently out).
            (
                "nhà em thoát nghèo được 5 năm rồi, giờ muốn vay nuôi bò",
                by_purpose(&["sxkd_vung_kho_khan", "giai_quyet_viec_lam"]),
            ),
            // … within it, still recently out.
            (
                "nhà em thoát nghèo được 2 năm rồi, giờ muốn vay nuôi bò",
                by_purpose(&["giai_quyet_viec_lam"]),
            ),
        ],
    );
}

/// The fourteenth round (helper `loans14`, `tuning-16.toml`): loans asked many ways.
fn fourteenth_round_catalog() -> Catalog {
    let mut cat = catalog();
    for t in cat.loans.iter_mut() {
        if t.id == "giai_quyet_viec_lam" {
            t.purposes = [
                "chăn nuôi",
                "việc làm",
                "mất việc",
                "đổi nghề",
                "mất đất sản xuất",
            ]
            .map(String::from)
            .to_vec();
        }
    }
    cat.loans.push(traits(
        "nd28_chuyen_doi_nghe",
        &["chăn nuôi", "đổi nghề", "mất đất sản xuất"],
        &[Standing::Poor],
        &[],
    ));
    cat
}

#[test]
fn fourteenth_round_land_lost() {
    let u = Understander::new(&fourteenth_round_catalog());
    // Production land gone, told before a wish to learn a trade: no programme serves both,
    // so which one is asked — never the student loan alone (before: a wrong programme).
    let got = u.understand("đất nhà em bị thu hồi làm thủy điện, không còn đất sản xuất, muốn đi học nghề may thì vay gì");
    assert!(matches!(got, Request::NotUnderstood { .. }), "got {got:?}");
    assert_readings(
        &u,
        &[(
            "nhà em mất đất sản xuất, muốn chuyển sang nghề khác thì vay gì",
            by_purpose(&["giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"]),
        )],
    );
}

#[test]
fn fourteenth_round_story_programme() {
    let u = Understander::new(&fourteenth_round_catalog());
    assert_readings(
        &u,
        &[
            // A programme named in a clause that asks nothing, another where the rate is
            // asked: the story, then the question (before: "did you mean" both).
            (
                "hôm trước trưởng bản nói chuyện vay vùng khó khăn, nhà em mới thoát nghèo, thế vay hộ mới thoát nghèo lãi bao nhiêu",
                loan("ho_moi_thoat_ngheo", Some(Rate)),
            ),
        ],
    );
}

#[test]
fn fourteenth_round_aspect_words() {
    let u = Understander::new(&fourteenth_round_catalog());
    assert_readings(
        &u,
        &[
            (
                "vay cận nghèo có cần người bảo lãnh không",
                loan("ho_can_ngheo", Some(LoanAspect::Collateral)),
            ),
            (
                "vay nhà ở xã hội thì được trả góp trong mấy chục năm",
                loan("nha_o_xa_hoi", Some(Term)),
            ),
            (
                "làm sao để được vay hộ nghèo",
                loan("ho_ngheo", Some(Eligibility)),
            ),
            (
                "vay sinh viên cho con thì ai xét duyệt",
                loan("hoc_sinh_sinh_vien", Some(Apply)),
            ),
            (
                "nhà em được rút tên khỏi danh sách hộ nghèo năm ngoái, vay hộ mới thoát nghèo có phải thế chấp không",
                loan("ho_moi_thoat_ngheo", Some(LoanAspect::Collateral)),
            ),
        ],
    );
}

/// English and the small intents (fourteenth round, helper `en14`): ways to ask for help, the
/// menu, to be forgotten, what new rural is, every hamlet at once, a language named with the
/// word "language", praise beside thanks, a loan's own fee, a figure asked with no question
/// word in another year, a sum told after "can I borrow".
#[test]
fn fourteenth_round_english_and_small_intents() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            ("how do i use this thing", Request::Help),
            ("what can this bot do for me", Request::Help),
            ("em chưa biết dùng bot này", Request::Help),
            ("back to menu please", Request::Menu),
            ("cho tôi bảng chọn", Request::Menu),
            ("remove my account now", Request::Forget),
            ("bot quên tôi đi nhé", Request::Forget),
            ("xóa sạch dữ liệu của tôi", Request::Forget),
            ("nong thon moi nghia la sao vay", Request::CriteriaOverview),
            (
                "chương trình nông thôn mới là gì hả bot",
                Request::CriteriaOverview,
            ),
            (
                "đăng ký nhận tin tất cả các bản",
                sub(&["dong", "he", "na_lai"]),
            ),
            ("switch language to english", lang(Some(Locale::En))),
            ("thanks, good job", Request::Thanks),
            ("i see", Request::Ack),
            ("is there an application fee for a loan", none.clone()),
            ("tỷ lệ hộ nghèo của xã năm 2019", none.clone()),
            (
                "tỷ lệ hộ nghèo của xã",
                fact("chieng_khoang", "poor_near_poor_rate"),
            ),
            (
                "can i borrow 50 million poor household loan",
                loan("ho_ngheo", Some(Amount)),
            ),
        ],
    );
}

/// Fourteenth round (helper `facts14`, `tuning-15.toml`): unit figures asked the many ways
/// villagers ask, and the figures the content lacks.
#[test]
fn fourteenth_round_unit_facts() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // A figure's words right after a number are told; the other figure is asked.
            (
                "nghe nói xã mình có 408 đảng viên rồi, thế có mấy hợp tác xã",
                fact(CK, "cooperatives"),
            ),
            // … a figure told alone, to confirm, is still the figure asked.
            (
                "bản He có 46 đảng viên phải không",
                fact("he", "party_members"),
            ),
            // "và" before a count word starts a question of its own: both figures offered,
            // never only the later one (before: Bản He's poor households stated).
            (
                "em muốn biết bản He có tất cả bao nhiêu hộ và còn mấy hộ nghèo",
                unsure(vec![
                    fact("he", "households"),
                    fact("he", "poor_households"),
                ]),
            ),
            // A share word just before a bare count word asks a share (before: the count).
            ("riêng bản He hộ nghèo chiếm tỷ lệ là mấy", no_answer("he")),
            // A part asked with its whole denied (before: the commune's list of figures).
            (
                "không phải tỷ lệ hộ nghèo và cận nghèo, em hỏi riêng hộ nghèo thôi chiếm mấy phần trăm",
                no_answer(CK),
            ),
            // A greeting with only who says it.
            ("chào ad, em ở bản He", Request::Menu),
            // "vay" before a question's end particles is "vậy".
            (
                "so ho cua ban he la bao nhieu vay ad",
                fact("he", "households"),
            ),
            // How long until the money comes: the common steps.
            (
                "vay vốn thì bao lâu mới có tiền hả anh",
                Request::LoanProcess,
            ),
            ("tt vay von the nao", Request::LoanProcess),
            // A unit's figures asked as a whole.
            ("cho em xem các con số của bản He", facts("he")),
            ("what figures do you have on Ban He", facts("he")),
            // The criteria of every unit, in English.
            (
                "how far along is new rural building across the commune and its hamlets",
                Request::CriteriaOverview,
            ),
            // Officers asked by who they are: no answer, and "trưởng" is no school.
            ("ai là trưởng bản Đông vậy", no_answer("dong")),
            // Thanks for what is known now, not the figure named in it.
            ("cảm ơn ad nhé, em nhớ số đảng viên rồi", Request::Thanks),
            // Cooperatives that grow one thing are a part; all of them asked again are not.
            ("xã có mấy hợp tác xã trồng chè", no_answer(CK)),
            ("xã có mấy hợp tác xã làm ăn", fact(CK, "cooperatives")),
        ],
    );
}

#[test]
fn fifteenth_round_purposes() {
    let u = Understander::new(&fourteenth_round_catalog());
    let livestock = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    assert_readings(
        &u,
        &[
            // Pens and house parts, school and sanitation words villagers use.
            (
                "nhà em muốn làm chuồng dê mới thì xin vốn ở đâu",
                livestock.clone(),
            ),
            (
                "nha em muon lam be phot tu hoai thi vay gi",
                by_purpose(&["nuoc_sach_vsmt"]),
            ),
            (
                "vay cho cháu học điều dưỡng thì vay gì",
                by_purpose(&["hoc_sinh_sinh_vien"]),
            ),
            // Mountain voice: d for v.
            (
                "nhà em muốn nàm nhà dệ sinh thì vay gì",
                by_purpose(&["nuoc_sach_vsmt"]),
            ),
            // The household's size and a salary told in the story (before: no answer).
            (
                "gia đình tôi 7 nhân khẩu, lương công nhân thấp, giờ muốn nuôi bò thì vay gì",
                livestock,
            ),
            // A year is not a count of years since leaving poverty (before: "long ago").
            (
                "nhà em mới thoát nghèo năm 2024, giờ muốn nuôi gà thì vay gì",
                by_purpose(&["giai_quyet_viec_lam"]),
            ),
            // Not wanting one programme leaves it out.
            (
                "em không muốn vay vùng khó khăn, muốn vay cái khác để nuôi lợn",
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "giai_quyet_viec_lam",
                    "nd28_chuyen_doi_nghe",
                ]),
            ),
            // Money lacking is no criterion left.
            (
                "nhà em muốn xây nhà vệ sinh, còn thiếu khoảng 5 triệu, vay gì",
                by_purpose(&["nuoc_sach_vsmt"]),
            ),
            // A laptop is bought, not a study loan.
            (
                "muốn vay tiền mua cái laptop cho con học online",
                Request::NoAnswer { unit: None },
            ),
        ],
    );
}

#[test]
fn fifteenth_round_unit_facts_and_criteria() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // Households counted with a loan held after them are borrowers: no figure counts
            // them (before: Bản He's households stated).
            ("bản He có bao nhiêu hộ đang vay vốn", no_answer("he")),
            ("ban he co may ho da vay ngan hang", no_answer("he")),
            // … and with no unit named, of the commune: no answer, not the loan's card.
            ("có bao nhiêu hộ vay hộ cận nghèo", no_answer(CK)),
            ("mấy hộ được vay làm nhà", no_answer(CK)),
            // An unmarked "vay" after a figure's last word, at the end, is "vậy".
            (
                "xa minh co tat ca bao nhieu dang vien vay anh",
                fact(CK, "party_members"),
            ),
            (
                "trong xa co may hop tac xa vay ad",
                fact(CK, "cooperatives"),
            ),
            // What the programme is, asked with a list's words and no unit: the overview.
            (
                "nông thôn mới là làm những việc gì hả anh",
                Request::CriteriaOverview,
            ),
            (
                "nong thon moi la chuong trinh gi vay",
                Request::CriteriaOverview,
            ),
            (
                "xã và hai bản làm nông thôn mới đến đâu rồi",
                Request::CriteriaOverview,
            ),
            // … a unit named keeps its list.
            (
                "bản Đông phải làm những tiêu chí gì",
                Request::CriteriaList {
                    unit: "dong".into(),
                },
            ),
            // A qualifier that only names a standing counts the households of that standing;
            // another qualifier is still a part.
            (
                "bản He còn bao nhiêu hộ thuộc diện nghèo",
                fact("he", "poor_households"),
            ),
            ("bản He có bao nhiêu hộ thuộc dân tộc Thái", no_answer("he")),
            // "được không" with no loan word asks nothing of a loan: the count stays asked
            // (before: the criterion on production stated).
            (
                "hợp tác xã của xã mình có mấy cái, làm ăn có được không",
                fact(CK, "cooperatives"),
            ),
            // A greeting with who says it, in "mình" or in English.
            ("chào cả nhà, mình ở bản Đông", Request::Menu),
            ("hi, i am from ban dong", Request::Menu),
        ],
    );
}

/// Issue 9, fifteenth round (helper `detail15`): a programme's aspects. The Women's Union's
/// own loans' rate or term has no answer (a programme's or the amount lent would be wrong);
/// an extension alone has none, the term asked in a clause of its own is answered; a sum told
/// between the loan word and the programme leaves the programme named; the money paid out
/// ("lĩnh tiền") is the common process.
#[test]
fn fifteenth_round_aspects() {
    let mut cat = catalog();
    cat.facts.push(entry(
        "womens_union_lent",
        &["hội phụ nữ cho vay", "quỹ hội phụ nữ", "cho hội viên vay"],
    ));
    for u in &mut cat.units {
        if u.id == CK {
            u.facts.push("womens_union_lent".into());
        }
    }
    let u = Understander::new(&cat);
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            (
                "chị em vay quỹ hội phụ nữ thì mấy tháng phải trả",
                none.clone(),
            ),
            ("vay của hội phụ nữ lãi tính thế nào ạ", none.clone()),
            ("hoi phu nu cho hoi vien vay lai bao nhieu", none.clone()),
            // A programme named: its figures (the union is the channel: "qua" asks where).
            (
                "vay hộ nghèo qua hội phụ nữ thì lãi bao nhiêu",
                loan_aspects("ho_ngheo", &[Rate, Apply]),
            ),
            // What the union lent in all is still its figure.
            (
                "hội phụ nữ cho vay được bao nhiêu rồi",
                fact(CK, "womens_union_lent"),
            ),
            ("vay sinh viên có được gia hạn thêm không", none.clone()),
            (
                "vay hộ nghèo xin gia hạn được không, thời hạn vay mấy năm",
                loan("ho_ngheo", Some(Term)),
            ),
            (
                "vay nuoc sach co gia han duoc khong thoi han bao lau",
                loan("nuoc_sach_vsmt", Some(Term)),
            ),
            (
                "vay hộ nghèo được bao lâu và có được gia hạn không",
                loan("ho_ngheo", Some(Term)),
            ),
            // The term of the extension itself: no field.
            ("vay hộ nghèo được gia hạn thêm mấy năm", none.clone()),
            ("trả chậm thì bị phạt lãi bao nhiêu", none),
            (
                "năm kia em vay 30 triệu hộ nghèo mua bò, giờ khoản vay đó được mấy năm",
                loan("ho_ngheo", Some(Term)),
            ),
            // The money paid out and the steps in all: the common loan process.
            ("vay xong thi linh tien o dau a", Request::LoanProcess),
            (
                "nộp đơn rồi thì bao lâu thì nhận được tiền vay ạ",
                Request::LoanProcess,
            ),
            (
                "muốn vay vốn ưu đãi thì cần làm những gì",
                Request::LoanProcess,
            ),
        ],
    );
}

/// Issue 9, fifteenth round (integrator): households counted as borrowers with the programme
/// named after the loan word have no figure; a figure named before a loan, sharing the
/// question word at the end, is asked too — both are offered, the loan's card is not stated
/// alone; a figure of the asker's story is not asked.
#[test]
fn fifteenth_round_merged() {
    let mut cat = catalog();
    cat.facts
        .push(entry("income_per_person", &["thu nhập bình quân"]));
    for unit in &mut cat.units {
        if unit.id == CK {
            unit.facts.push("income_per_person".into());
        }
    }
    let u = Understander::new(&cat);
    assert_readings(
        &u,
        &[
            (
                "bản He có mấy hộ cận nghèo đang vay hộ cận nghèo",
                no_answer("he"),
            ),
            ("xa co bao nhieu ho da vay vay sinh vien", no_answer(CK)),
            (
                "thu nhập bình quân của xã và vay giải quyết việc làm được bao nhiêu",
                unsure(vec![
                    loan("giai_quyet_viec_lam", Some(LoanAspect::Amount)),
                    fact(CK, "income_per_person"),
                    Request::Loans,
                ]),
            ),
            // … a count whose words name the programme too ("hộ nghèo") all the same.
            (
                "ban he co bao nhieu ho ngheo voi vay ho ngheo duoc bao nhieu",
                unsure(vec![
                    loan("ho_ngheo", Some(LoanAspect::Amount)),
                    fact("he", "poor_households"),
                    Request::Loans,
                ]),
            ),
        ],
    );
}

/// Fifteenth round (helper `talk15`, `tuning-20.toml`): English and the small intents — a
/// hamlet's notices asked as "tell / text me when", switching them off, whether one is
/// subscribed, one's own data, thanks for what was answered, greetings naming a hamlet, acks.
#[test]
fn fifteenth_round_talk() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // Being told a hamlet's news is a subscription (before: the news).
            ("bản He có tin gì thì nhắn cho em nhé", sub(&["he"])),
            ("có họp gì ở bản Đông thì báo cho tôi với", sub(&["dong"])),
            ("please notify me about ban he", sub(&["he"])),
            // Switching the notices off.
            ("turn off ban dong notices pls", unsub(&["dong"])),
            ("tắt hết thông báo bản He đi", unsub(&["he"])),
            // Whether, and to which hamlets, one is subscribed.
            ("em đăng ký bản nào rồi nhỉ", Request::MySubscriptions),
            ("am i subscribed to any hamlet", Request::MySubscriptions),
            // One's own data, not the unit's figures ("data" alone is the figures).
            ("pls delete my phone number and my data", Request::Forget),
            ("xoa du lieu cua em di", Request::Forget),
            // Thanks for what was answered, not the loan named in it.
            ("thanks for the answer about student loan", Request::Thanks),
            (
                "cám ơn bot đã trả lời về lãi suất hộ cận nghèo",
                Request::Thanks,
            ),
            // "mn" after a word that shows it is the menu; elsewhere "mọi người".
            ("xem mn", Request::Menu),
            (
                "mn ơi cho em hỏi lãi vay hộ nghèo",
                loan("ho_ngheo", Some(Rate)),
            ),
            // The words as typed beat a guessed reading: "da vang" is no "giá vàng".
            ("da vang, e hieu", Request::Ack),
            // A greeting with who says it or whom it greets, and a hamlet: a greeting.
            ("hello everyone, i live in ban dong", Request::Menu),
            ("chào bà con, tui người bản Đông", Request::Menu),
            // … but a question after it is still the question.
            (
                "chào cả nhà, mình ở bản He, cho hỏi bản He có bao nhiêu hộ nghèo",
                fact("he", "poor_households"),
            ),
            // A hamlet's notices beside a loan: both offered, the loan not stated.
            (
                "cho em nhận tin bản He với, còn vay hộ cận nghèo lãi mấy",
                unsure(vec![sub(&["he"]), loan("ho_can_ngheo", Some(Rate))]),
            ),
            // Registering for a loan stays the loan.
            (
                "em ở bản He muốn đăng ký vay hộ nghèo thì làm thế nào",
                loan("ho_ngheo", Some(Apply)),
            ),
            // A hamlet declined after it, or no longer lived in, is left out.
            (
                "nhận tin bản Đông, bản He thì không cần đâu",
                sub(&["dong"]),
            ),
            (
                "nhà em không còn ở bản He, giờ ở bản Đông, đăng ký bản Đông cho em",
                sub(&["dong"]),
            ),
            // A last "true" asks to confirm a told span: the term.
            (
                "near poor loan can keep 5 year, true",
                loan("ho_can_ngheo", Some(Term)),
            ),
        ],
    );
}

/// Sixteenth round (stories16 helper): long messages and loan details — thanks for what was
/// shown, a loan that is only the story of another question, a loan told beside the one
/// asked, figures told to confirm, ages and who may borrow said the villagers' ways.
#[test]
fn sixteenth_round_stories() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // Thanks for what was shown or explained, or "biết … rồi" before a comma.
            (
                "em cảm ơn chị, hôm trước chị chỉ cho em cách vay nước sạch, nhà em làm xong bể rồi",
                Request::Thanks,
            ),
            (
                "cam on anh, em hieu vay ho ngheo khong can the chap roi a",
                Request::Thanks,
            ),
            (
                "cảm ơn anh đã giải thích vay sinh viên cho nhà em",
                Request::Thanks,
            ),
            // A request after the thanks is still the loan.
            (
                "cảm ơn chị, chị chỉ cho em cách vay hộ nghèo với",
                loan("ho_ngheo", None),
            ),
            // A price asked, the loan only the story.
            (
                "cho em hỏi giá lợn giống bây giờ bao nhiêu, em định vay hộ nghèo nuôi lợn",
                none.clone(),
            ),
            // When the money comes; "chưa vay bao giờ" asks no time.
            (
                "khi nào ngân hàng giải ngân vay nước sạch cho nhà em, em nộp đơn tháng trước rồi",
                none.clone(),
            ),
            (
                "em chưa vay bao giờ, vay hộ nghèo làm hồ sơ ở đâu",
                loan("ho_ngheo", Some(Apply)),
            ),
            (
                "bao giờ phải trả nợ vay hộ nghèo",
                loan("ho_ngheo", Some(Term)),
            ),
            // Another year's rate; the asker's own loan of last year is still now's rate.
            ("năm ngoái lãi vay cận nghèo là bao nhiêu", none.clone()),
            (
                "nhà em vay hộ nghèo năm ngoái, lãi suất bao nhiêu ạ",
                loan("ho_ngheo", Some(Rate)),
            ),
            // A bare sum after a fee is the fee's.
            (
                "vay nước sạch có mất phí hồ sơ không, mấy trăm nghìn",
                none.clone(),
            ),
            // A loan told with a sum or "rồi", beside the one asked.
            (
                "anh trai em vay hộ nghèo 30 triệu rồi, em muốn hỏi vay tạo việc làm lãi bao nhiêu",
                loan("giai_quyet_viec_lam", Some(Rate)),
            ),
            (
                "nha em vay nuoc sach roi, gio vay sinh vien cho con duoc bao nhieu 1 thang",
                loan("hoc_sinh_sinh_vien", Some(Amount)),
            ),
            // Figures told to confirm; "tu nam 2018" is a date.
            (
                "có đúng là hộ cận nghèo vay được 100 triệu không chị",
                loan("ho_can_ngheo", Some(Amount)),
            ),
            (
                "vay vung kho khan tu nam 2018, co phai gio duoc vay 100 trieu khong",
                loan("sxkd_vung_kho_khan", Some(Amount)),
            ),
            // Too old; still allowed.
            (
                "bố em 63 tuổi già quá có vay hộ nghèo được nữa không",
                loan("ho_ngheo", Some(LoanAspect::Age)),
            ),
            (
                "mới thoát nghèo 2 năm thì còn vay hộ mới thoát nghèo được không",
                loan("ho_moi_thoat_ngheo", Some(Eligibility)),
            ),
            // Known already, and the question after names no subject of its own.
            (
                "vay sinh viên không cần thế chấp thì em biết rồi, còn lãi suất bao nhiêu",
                loan_aspects("hoc_sinh_sinh_vien", &[Rate, LoanAspect::Collateral]),
            ),
        ],
    );
}

/// Sixteenth round (talk16 helper): the bot's commands in school English and plain words,
/// thanks that tell back what is known or planned, a hamlet's news wished for.
#[test]
fn sixteenth_round_talk() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // Thanks telling back what is known, with the question words it was asked with.
            (
                "cảm ơn ad, em biết hộ nghèo vay được bao nhiêu rồi",
                Request::Thanks,
            ),
            // … but "cho em biết" still asks.
            (
                "cảm ơn, cho em biết bản He có bao nhiêu hộ",
                fact("he", "households"),
            ),
            // "báo" typed with its marks is told, never "bao nhiêu".
            ("cảm ơn chị đã báo em lãi vay nước sạch", Request::Thanks),
            (
                "thank you for telling me about near poor loan",
                Request::Thanks,
            ),
            ("cam on ad, mai em len xa lam ho so", Request::Thanks),
            // A hamlet's news wished for: its notices.
            ("i want ban dong news", sub(&["dong"])),
            ("any news from ban he", Request::News),
            // The commands in broken English and plain words.
            ("take me off ban he list", unsub(&["he"])),
            ("erase me", Request::Forget),
            ("xoa data cua em", Request::Forget),
            ("what can u do for me", Request::Help),
            ("where is menu", Request::Menu),
            ("register for notices of ban he", sub(&["he"])),
            ("cho em nhan loa ban dong", sub(&["dong"])),
            ("em đang nhận tin mấy bản", Request::MySubscriptions),
            ("procedure for loan", Request::LoanProcess),
            ("làm đơn vay ở đâu", Request::LoanProcess),
            // An English greeting "from" a hamlet: where the asker writes from.
            ("hello from ban he", Request::Menu),
        ],
    );
}

/// The sixteenth round (helper `purpose16`, `tuning-22.toml`): the catalog with every
/// programme of the content a need is asked of, with the content's purposes.
fn sixteenth_round_catalog() -> Catalog {
    let mut cat = fourteenth_round_catalog();
    let production = [
        "chăn nuôi",
        "trồng trọt",
        "dược liệu",
        "kinh doanh",
        "trồng rừng",
    ];
    for t in cat.loans.iter_mut() {
        match t.id.as_str() {
            "ho_ngheo" | "ho_can_ngheo" | "sxkd_vung_kho_khan" => {
                t.purposes = production.map(String::from).to_vec();
            }
            "giai_quyet_viec_lam" => {
                t.purposes.extend(production.map(String::from));
            }
            "nd28_chuyen_doi_nghe" => {
                t.purposes
                    .extend(["kinh doanh", "trồng rừng"].map(String::from));
            }
            _ => {}
        }
    }
    cat.loans.extend([
        traits("ho_moi_thoat_ngheo", &production, &[Standing::Escaped], &[]),
        traits(
            "nd28_ho_tro_nha_o",
            &["làm nhà", "thiên tai"],
            &[Standing::Poor],
            &[],
        ),
        traits("nha_o_xa_hoi", &["làm nhà", "thiên tai"], &[], &[]),
        traits("nd28_duoc_lieu", &["dược liệu"], &[], &[]),
    ]);
    cat
}

#[test]
fn sixteenth_round_purposes() {
    let u = Understander::new(&sixteenth_round_catalog());
    let production = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    let crops = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ]);
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // Need words beyond the content's: calves typed plainly, birds, pig feed.
            (
                "nha minh dinh mua ba con be ve tha doi, vay gi",
                production.clone(),
            ),
            ("em muốn nuôi chim bồ câu thì vay ở đâu", production.clone()),
            (
                "mua máy thái chuối cho lợn ăn thì vay gì",
                production.clone(),
            ),
            // A medicinal plant by name: the medicinal-plant programme too.
            (
                "trồng đương quy vay được không",
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "ho_moi_thoat_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                    "nd28_duoc_lieu",
                ]),
            ),
            // A net house grows a crop; a café sells; laid off is job creation.
            ("làm nhà lưới trồng dưa thì vay gì", crops.clone()),
            ("mở quán cà phê thì vay gì", production.clone()),
            (
                "bị công ty cho nghỉ việc, về quê muốn vay vốn",
                by_purpose(&["giai_quyet_viec_lam"]),
            ),
            // Spending no programme serves; the same words told as the story.
            ("vay tiền làm lễ cúng bản được không", none.clone()),
            ("vay ít tiền tàu xe đi làm ăn xa", none),
            (
                "con cái đi làm ăn xa, ở nhà muốn nuôi dê thì vay gì",
                production.clone(),
            ),
            // Seedlings, fertiliser, "planting trees": too general to narrow a need named by
            // name; alone, the crop.
            (
                "muốn trồng quế trên đồi, tiền cây giống nhiều lắm, vay gì",
                production.clone(),
            ),
            (
                "em muốn mở cửa hàng bán vật tư phân bón thì vay gì",
                production.clone(),
            ),
            // A vehicle bought for work is a trade; for the household, no answer.
            (
                "muốn mua xe công nông chở thuê thì vay gì",
                production.clone(),
            ),
            (
                "vay mua xe máy để đi chợ được không",
                Request::NoAnswer { unit: None },
            ),
            ("nhà em thiếu tiền mua cây giống, vay gì", crops.clone()),
            (
                "trồng cây tam thất thì vay gì",
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "ho_moi_thoat_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                    "nd28_duoc_lieu",
                ]),
            ),
            // Hardship told is not the poor list; poor in the past is not poor now.
            ("nhà em nghèo lắm, muốn nuôi gà thì vay gì", production),
            (
                "nhà em trước là hộ nghèo, năm ngoái thoát nghèo, muốn nuôi lợn thì vay gì",
                by_purpose(&["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
            ),
            // A held loan's animal retold in the story is not asked; the held loan still is
            // when nothing else is.
            (
                "năm ngoái em vay hộ nghèo mua trâu, trâu đẻ được con nghé, giờ muốn làm nhà vệ sinh thì vay gì",
                by_purpose(&["nuoc_sach_vsmt"]),
            ),
            (
                "năm kia nhà em vay hộ nghèo mua bò, bò đẻ rồi, khoản vay đó lãi bao nhiêu",
                loan("ho_ngheo", Some(Rate)),
            ),
            (
                "nha em khong co dat canh tac, muon nuoi lon thi vay gi",
                by_purpose(&["giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"]),
            ),
            ("làm nhà lưới trồng rau sạch vay được không", crops),
        ],
    );
}

#[test]
fn sixteenth_round_unit_facts_and_criteria() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // Two hamlets with a comparison word are compared: one hamlet's figure is no
            // answer (before: Bản He's party members stated).
            (
                "ban dong voi ban he ban nao nhieu dang vien hon",
                none.clone(),
            ),
            ("bản He có nhiều hộ nghèo hơn bản Đông không", none.clone()),
            ("which ban has more poor family, he or dong", none.clone()),
            // … "hơn" before a number is "over", no comparison.
            (
                "em ở bản Đông, bản He có hơn 40 đảng viên không",
                fact("he", "party_members"),
            ),
            // Households that use something are a part (before: all of Bản He's households).
            ("ban he bao nhieu ho dung dien", no_answer("he")),
            ("bản He có bao nhiêu hộ sử dụng nước sạch", no_answer("he")),
            // A share of households with a qualifier: no figure, not the clean-water loan.
            ("tỷ lệ hộ dùng nước sạch của xã là bao nhiêu", none.clone()),
            ("ti le ho co nuoc sach o ban he", none.clone()),
            // … the rate of the poor stays the figure.
            (
                "tỷ lệ hộ nghèo của xã bao nhiêu",
                fact(CK, "poor_near_poor_rate"),
            ),
            // An area with no figure named: no answer, not the unit's figures.
            ("dien tich ngo cua xa bao nhieu", no_answer(CK)),
            ("diện tích đất nông nghiệp của xã bao nhiêu", no_answer(CK)),
            // A name asked, the province by its name.
            ("hợp tác xã của xã tên là gì", none.clone()),
            ("tinh son la co bao nhieu dang vien", none.clone()),
            // "tình hình chung": the unit's figures; a job told is the story.
            ("cho em biết tình hình chung của xã", facts(CK)),
            (
                "em mới về làm cán bộ văn hóa xã, cho em biết tình hình chung của xã mình",
                facts(CK),
            ),
            // The whole set, what is left, the commune and hamlets together.
            ("tiêu chí bản Đông gồm gì", list("dong")),
            ("ban dong gom co gi tieu chi", list("dong")),
            (
                "bản Đông còn phải làm những gì nữa mới đạt chuẩn",
                remaining("dong"),
            ),
            (
                "xã và các bản đạt nông thôn mới tới đâu rồi",
                Request::CriteriaOverview,
            ),
            ("ntm xa va ban dat bn tc r", Request::CriteriaOverview),
            // A loan denied before a figure: the figure is asked.
            (
                "em không có ý vay đâu, chỉ muốn biết bản He hiện còn mấy hộ nghèo",
                fact("he", "poor_households"),
            ),
            (
                "em không định vay, hỏi xã có mấy hợp tác xã",
                fact(CK, "cooperatives"),
            ),
        ],
    );
    // "thôn em", "xóm mình", "làng em": the asker's own hamlet, never the commune.
    let he = || Some("he".to_string());
    let dong = || Some("dong".to_string());
    assert_eq!(
        u.understand_for("thôn em có bao nhiêu hộ", &he),
        fact("he", "households")
    );
    assert_eq!(
        u.understand_for("làng mình còn mấy hộ nghèo hả anh", &he),
        fact("he", "poor_households")
    );
    assert_eq!(
        u.understand_for("xóm em đạt mấy tiêu chí rồi", &dong),
        summary("dong")
    );
    assert_eq!(
        u.understand_for("thon minh con thieu tieu chi gi", &dong),
        remaining("dong")
    );
}

/// The seventeenth round's loan details, loan steps and commands in words (detail17 helper).
#[test]
fn seventeenth_round_details_and_commands() {
    let mut cat = sixteenth_round_catalog();
    // The medicinal-plant programme by its own name, as the content names it.
    for p in cat
        .programmes
        .iter_mut()
        .filter(|p| p.id == "nd28_duoc_lieu")
    {
        p.names
            .extend(["dược liệu quý", "vùng trồng dược liệu"].map(String::from));
    }
    // The student loan's English names, as the content has them.
    for p in cat
        .programmes
        .iter_mut()
        .filter(|p| p.id == "hoc_sinh_sinh_vien")
    {
        p.names
            .extend(["student loan", "student"].map(String::from));
    }
    let u = Understander::new(&cat);
    let collateral = Some(LoanAspect::Collateral);
    assert_readings(
        &u,
        &[
            // The programme's own name, not the medicinal-plant need (before: the crop list).
            (
                "vay von vung trong duoc lieu lai bao nhieu",
                loan("nd28_duoc_lieu", Some(Rate)),
            ),
            (
                "vay dược liệu quý theo nghị định 28 thì lãi thế nào",
                loan("nd28_duoc_lieu", Some(Rate)),
            ),
            // The first step and the request form are the loan steps.
            (
                "lần đầu vay vốn thì việc đầu tiên em phải làm là gì",
                Request::LoanProcess,
            ),
            ("muon vay von thi lam don gui ai", Request::LoanProcess),
            // What the bot can answer, how to ask it.
            ("bot nay tra loi duoc nhung gi", Request::Help),
            ("em hỏi như thế nào thì bot hiểu", Request::Help),
            ("what can you answer", Request::Help),
            // The main menu, "so that's how it is", one's own data.
            ("cho em quay về danh mục chính", Request::Menu),
            ("à ra vậy", Request::Ack),
            ("ra là thế", Request::Ack),
            ("please erase everything you know about me", Request::Forget),
            // Aspects said the villagers' ways.
            (
                "con học đại học vay học sinh sinh viên tháng được mấy",
                loan("hoc_sinh_sinh_vien", Some(Amount)),
            ),
            (
                "student loan must give land paper?",
                loan("hoc_sinh_sinh_vien", collateral),
            ),
            (
                "vay học sinh sinh viên ngân hàng có giữ bìa không",
                loan("hoc_sinh_sinh_vien", collateral),
            ),
            (
                "can my son get student loan, he study college",
                loan("hoc_sinh_sinh_vien", Some(Eligibility)),
            ),
            (
                "vay học sinh sinh viên thì bố mẹ đứng tên hay con",
                loan("hoc_sinh_sinh_vien", Some(Apply)),
            ),
            // A loan's percent by the year is its rate, not a unit's share.
            (
                "what percent per year is student loan",
                loan("hoc_sinh_sinh_vien", Some(Rate)),
            ),
            // An illness told in the story is no topic of its own (before: no answer).
            (
                "mẹ em bị ốm suốt, nhà em hộ nghèo thì vay được nhiều nhất bao nhiêu",
                loan("ho_ngheo", Some(Amount)),
            ),
        ],
    );
}

#[test]
fn seventeenth_round_unit_facts() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // "cách đây N năm" is another time (before: the 2023 figure stated).
            ("cách đây 3 năm bản He có bao nhiêu hộ", none.clone()),
            ("cach day hai nam xa co bao nhieu dang vien", none.clone()),
            // A year asked is a date asked (before: the commune's criteria stated).
            (
                "tới năm nào bản Đông mới đạt nông thôn mới",
                no_answer("dong"),
            ),
            // Another commune not named (before: the commune's income criterion stated).
            (
                "đảng viên xã mình có nhiều hơn các xã khác không",
                none.clone(),
            ),
            // Women among a count are a part (before: the Women's Union's loans stated).
            ("trong các đảng viên của xã có mấy chị em", no_answer(CK)),
            // A wish with no loan, need or programme is the story of a count.
            (
                "em muốn vào làm hợp tác xã, ở xã có bao nhiêu hợp tác xã",
                fact(CK, "cooperatives"),
            ),
            // … a wish for a loan keeps the loan.
            (
                "muốn vay nuôi bò, xã có bao nhiêu con bò",
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                ]),
            ),
            // Unmarked "vay" last after a figure's own word is "vậy".
            (
                "ban he co bao nhieu ho gia dinh vay",
                fact("he", "households"),
            ),
            // "cộng lại", "tổng lại" add up; no interest asked.
            (
                "hợp tác xã cả xã cộng lại được mấy cái",
                fact(CK, "cooperatives"),
            ),
        ],
    );
}

#[test]
fn seventeenth_round_purposes_in_stories() {
    let u = Understander::new(&sixteenth_round_catalog());
    let production = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    let crops = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ]);
    let near_poor = by_purpose(&["ho_can_ngheo", "giai_quyet_viec_lam"]);
    assert_readings(
        &u,
        &[
            // A standing said instead of the one denied; "hay là" still denies both.
            (
                "nhà tôi đâu phải hộ nghèo, chỉ là cận nghèo thôi, muốn nuôi dê thì vay gì",
                near_poor.clone(),
            ),
            (
                "khong phai ho ngheo ma la ho can ngheo, vay mua trau duoc gi",
                near_poor.clone(),
            ),
            ("we are not poor, only near poor, loan for pigs", near_poor),
            (
                "nhà em không thuộc hộ nghèo hay là cận nghèo, muốn vay nuôi bò",
                by_purpose(&[
                    "ho_moi_thoat_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                ]),
            ),
            // Last year typed without marks is no exclusion ("ngoài").
            (
                "nha toi thoat ngheo nam ngoai roi khong con la ho ngheo nua, muon nuoi ga",
                by_purpose(&["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
            ),
            // An age told in a clause that asks nothing, before a need: the story.
            (
                "con gái tôi 18 tuổi vừa đỗ cao đẳng, tôi muốn vay cho cháu đi học thì vay gì",
                by_purpose(&["hoc_sinh_sinh_vien"]),
            ),
            // Let go by the company, the fields taken: the circumstances narrow.
            (
                "xưởng may hết việc cho tôi nghỉ, giờ về bản muốn vay nuôi vịt",
                by_purpose(&["giai_quyet_viec_lam"]),
            ),
            (
                "ruộng nhà tôi bị thu hồi làm đường rồi, giờ muốn vay nuôi bò",
                by_purpose(&["giai_quyet_viec_lam", "nd28_chuyen_doi_nghe"]),
            ),
            // A landslide told before a crop replanted is the story; before a house, the
            // housing programmes.
            (
                "sạt lở vùi hết nương sắn nhà tôi, giờ muốn vay mua giống sắn trồng lại",
                crops,
            ),
            (
                "nha toi bi sat lo, muon vay lam lai cai nha",
                by_purpose(&["nha_o_xa_hoi", "nd28_ho_tro_nha_o"]),
            ),
            // The herd raised again; a machine worked for others is a service.
            (
                "dịch tả chết hết đàn lợn, giờ muốn vay nuôi lại thì vay gì",
                production.clone(),
            ),
            ("muốn mua máy gặt lúa đi gặt thuê thì vay gì", production),
        ],
    );
}

#[test]
fn seventeenth_round_apply_steps_and_debts() {
    let u = Understander::new(&sixteenth_round_catalog());
    assert_readings(
        &u,
        &[
            // Papers made ask where to apply: a need one programme serves gets its detail.
            (
                "con tôi đỗ đại học, muốn vay thì làm thủ tục ở đâu",
                loan("hoc_sinh_sinh_vien", Some(Apply)),
            ),
            (
                "xây bể nước thì làm hồ sơ vay ở đâu",
                loan("nuoc_sach_vsmt", Some(Apply)),
            ),
            // A debt elsewhere repaid with the loan: no programme serves it.
            (
                "nhà tôi vay bên ngoài lãi cao, muốn vay ngân hàng để trả khoản nợ đó được không",
                Request::NoAnswer { unit: None },
            ),
        ],
    );
}

#[test]
fn seventeenth_round_two_questions_never_one_stated() {
    let u = Understander::new(&catalog());
    let both = unsure(vec![fact("he", "households"), fact("he", "party_members")]);
    assert_readings(
        &u,
        &[
            // "với" joins two figures asked as "và" does (before: the households stated).
            (
                "bản He có bao nhiêu đảng viên với bao nhiêu hộ",
                both.clone(),
            ),
            // "giờ" right after a unit is its now, no turn of the story: the hamlet's figure
            // is asked first, and is offered beside the loan (before: the loan stated).
            (
                "bản He giờ còn mấy hộ nghèo, với lại vay hộ nghèo tối đa bao nhiêu",
                unsure(vec![
                    loan("ho_ngheo", Some(LoanAspect::Amount)),
                    fact("he", "poor_households"),
                    Request::Loans,
                ]),
            ),
            // A turn that is a "but" still turns after a unit.
            (
                "em ở bản He nhưng muốn hỏi bản Đông đạt bao nhiêu tiêu chí",
                summary("dong"),
            ),
        ],
    );
}

/// Issue 9, eighteenth round (helper `detail18`): a programme's aspects and the loan steps. A
/// sum told with its own "được không" is asked beside another aspect; "sinh viện", "hổ trợ",
/// "ht nhà" and "a year" after a percent are read as meant; putting the due date off is the
/// extension (no field); never having borrowed is the loan's story, not "bao giờ" asked; the
/// children at school counted are the family told, not the need; a programme named only by
/// the asker's standing with a figure asked makes a no-answer hint the story.
#[test]
fn eighteenth_round_details_and_steps() {
    let mut cat = sixteenth_round_catalog();
    for p in cat.programmes.iter_mut().filter(|p| p.id == "ho_ngheo") {
        p.names.push("poor household loan".into());
    }
    let u = Understander::new(&cat);
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            (
                "vay hộ nghèo 100 triệu có được không có cần tài sản đảm bảo không",
                loan_aspects("ho_ngheo", &[Amount, LoanAspect::Collateral]),
            ),
            // Alone it was the amount already.
            (
                "vay hộ nghèo 100 triệu có được không",
                loan("ho_ngheo", Some(Amount)),
            ),
            (
                "sinh viện mỗi tháng được vay mấy triệu vậy chị",
                loan("hoc_sinh_sinh_vien", Some(Amount)),
            ),
            (
                "how many percent a year is the poor household loan",
                loan("ho_ngheo", Some(Rate)),
            ),
            (
                "đến kỳ trả nợ hộ nghèo mà nhà em chưa có tiền thì xin lùi hạn được không",
                none.clone(),
            ),
            (
                "em chưa vay bao giờ nên không biết thủ tục thế nào anh chỉ giúp em với",
                Request::LoanProcess,
            ),
            (
                "who should i see first if i want to borrow",
                Request::LoanProcess,
            ),
            (
                "nhà tôi có ông bà 85 tuổi 3 đứa con đi học năm 2023 vay 40 triệu đã trả được 20 triệu rồi hộ nghèo vay được tối đa bao nhiêu nữa",
                loan("ho_ngheo", Some(Amount)),
            ),
            // A school named is still the need.
            (
                "nhà có 2 đứa con đi học đại học thì vay được bao nhiêu",
                loan("hoc_sinh_sinh_vien", Some(Amount)),
            ),
            (
                "vay ht nhà ở dtts đc bn tiền ạ",
                loan("nd28_ho_tro_nha_o", Some(Amount)),
            ),
            (
                "hổ trợ nhà ở vay được bao nhiêu",
                loan("nd28_ho_tro_nha_o", Some(Amount)),
            ),
            (
                "năm nay mưa to mất mùa nhà em hộ nghèo thì vay được bao nhiêu",
                loan("ho_ngheo", Some(Amount)),
            ),
            // A wish names what the money is for: a motorbike has no programme.
            ("nhà em hộ nghèo muốn vay mua xe máy lãi bao nhiêu", none),
        ],
    );
}

#[test]
fn eighteenth_round_purposes_by_goods() {
    let u = Understander::new(&sixteenth_round_catalog());
    let production = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    let crops = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ]);
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // A truck or a motorbike bought for trading is the trade, not "mua xe".
            (
                "vay mua xe tải chở hàng nông sản thì vay gì",
                production.clone(),
            ),
            ("vay mua xe tai cho hang dc k", production.clone()),
            (
                "vay để mua xe máy đi buôn hàng ở các bản được không",
                production.clone(),
            ),
            (
                "can i get a loan for a motorbike to sell goods",
                production.clone(),
            ),
            // A motorbike or a car for the household is still no answer.
            ("vay mua xe máy cho con đi chơi được không", none.clone()),
            ("vay mua xe o to duoc khong", none.clone()),
            // A loom, a harrow, feed said with the animal it feeds.
            ("cần vốn mua khung dệt", production.clone()),
            (
                "muon vay tien mua may bua voi bo keo thi vay chuong trinh nao",
                production.clone(),
            ),
            ("vay tien mua cam cho lon an thi vay gi", production.clone()),
            // "thêm" between the verb and the crop: two needs, the crop list.
            (
                "vua nuoi lon vua trong them che thi vay duoc cai gi",
                crops.clone(),
            ),
            // A student's computer is study, a phone or a laptop alone no answer.
            (
                "vay tiền mua máy tính cho con học đại học được không ạ",
                by_purpose(&["hoc_sinh_sinh_vien"]),
            ),
            ("vay mua laptop được không", none.clone()),
            // Where the asker saw something is the story.
            (
                "em xem trên tivi người ta nuôi thỏ lãi lắm, em muốn vay vốn làm chuồng nuôi thỏ thì vay được gì",
                production.clone(),
            ),
            ("vay tiền mua tivi được không", none),
            // "cần hs j": the papers, right after "cần".
            (
                "vay cho con di hoc can hs j",
                loan("hoc_sinh_sinh_vien", Some(Apply)),
            ),
        ],
    );
    // A plot bought to build on is residential land: with the house built on it, which
    // programme is meant is asked, never housing alone stated.
    let mut cat = sixteenth_round_catalog();
    match cat.loans.iter_mut().find(|t| t.id == "nd28_ho_tro_dat_o") {
        Some(t) => t.purposes = vec!["đất ở".into(), "thiên tai".into()],
        None => cat.loans.push(traits(
            "nd28_ho_tro_dat_o",
            &["đất ở", "thiên tai"],
            &[],
            &[],
        )),
    }
    let u = Understander::new(&cat);
    let got = u.understand("vợ chồng em cần vay mua mảnh đất nhỏ dựng nhà ở riêng");
    assert!(
        matches!(&got, Request::NotUnderstood { suggestions }
            if matches!(suggestions.first(), Some(Request::LoanDetail { programme, .. }) if programme == "nd28_ho_tro_dat_o")),
        "{got:?}"
    );
}

/// The eighteenth round's English and small intents (talk18 helper).
#[test]
fn eighteenth_round_talk() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // A figure told back in digits with thanks and nothing asked: thanks (before: the
            // figure stated again).
            ("cam on ad, xa co 5 hop tac xa nhu em nghe", Request::Thanks),
            ("cảm ơn nhé, bản He còn 12 hộ nghèo", Request::Thanks),
            ("thanks bot, ban he 195 households", Request::Thanks),
            // … but a question, even with thanks and a figure, is still asked.
            (
                "cảm ơn, số hộ bản He là 195 phải không?",
                fact("he", "households"),
            ),
            ("cảm ơn, lãi hộ nghèo vậy là thấp rồi", Request::Thanks),
            ("thanks, ban he households like i think", Request::Thanks),
            // A hamlet's notices in school English; "register" with a loan is applying.
            ("register ban he notice", sub(&["he"])),
            ("join ban he channel", sub(&["he"])),
            ("i want get message of ban dong", sub(&["dong"])),
            (
                "where i register ho ngheo loan",
                loan("ho_ngheo", Some(Apply)),
            ),
            // One's own subscriptions, and stopping them.
            ("what hamlet i follow now", Request::MySubscriptions),
            ("danh sách bản em đang theo dõi", Request::MySubscriptions),
            (
                "em đăng ký nhận tin rồi hay chưa nhỉ",
                Request::MySubscriptions,
            ),
            ("cancel subscribe", unsub(&[])),
            ("i no longer want ban he message", unsub(&["he"])),
            // A loan denied beside a subscription: no registering for a loan.
            (
                "em không vay gì cả, chỉ nhận thông báo bản Đông thôi",
                sub(&["dong"]),
            ),
            ("not loan, just want news of ban dong", sub(&["dong"])),
            // "đăng ký làm đường" is a road's story, not the notices.
            (
                "bản He đăng ký làm đường bê tông được mấy km rồi",
                no_answer("he"),
            ),
            // What the bot does, the menu with "giúp", forgetting, thanks, greetings.
            ("bot này làm được những việc gì vậy", Request::Help),
            ("o day minh hoi bot duoc cai gi", Request::Help),
            ("bam nham roi, quay ve menu giup", Request::Menu),
            ("mở lại bảng chọn giúp em", Request::Menu),
            ("remove everything u save about me", Request::Forget),
            ("forget about me bot", Request::Forget),
            ("ty ty", Request::Thanks),
            ("hi everyone in ban dong", Request::Menu),
            ("hello everybody, me living ban he", Request::Menu),
            // What is left of the criteria, and loan aspects, in school English.
            ("what criteria are left", remaining("chieng_khoang")),
            (
                "vung kho khan loan, how many million can get",
                loan("sxkd_vung_kho_khan", Some(Amount)),
            ),
            (
                "hộ nghèo rate and time both pls",
                loan_aspects("ho_ngheo", &[Rate, Term]),
            ),
            (
                "what family count as can ngheo",
                loan("ho_can_ngheo", Some(Eligibility)),
            ),
            // Savings and a phone are no programme's.
            ("save money interest at bank", none.clone()),
            ("loan to buy phone", none),
            // The loudspeaker's news in mountain voice.
            ("loa bản hôm lay lói gì thế", Request::News),
            // "muon" unmarked before a subscription word is the wish, not "mượn".
            ("e muon dang ky de nhan tin cua ban dong", sub(&["dong"])),
            (
                "toi muon dang ki vay ho ngheo",
                loan("ho_ngheo", Some(Apply)),
            ),
            ("which criteria ban dong not yet meet", remaining("dong")),
        ],
    );
}

/// Eighteenth round (helper `facts18`): unit figures, what the content lacks and the criteria,
/// from `tests/corpus/tuning-28.toml`'s first run (the content aliases and the commune's
/// figure asked by SMS with no unit are in `tests/free_text.rs`, which reads the shipped content).
#[test]
fn eighteenth_round_unit_facts() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // "còn" right after a change word: the figure of now (before: no answer).
            (
                "bản He đã giảm xuống còn mấy hộ nghèo",
                fact("he", "poor_households"),
            ),
            // … a change asked is still no figure the content has.
            ("bản He giảm bao nhiêu hộ nghèo", no_answer("he")),
            // A hamlet's name typed with capitals, read as known words ("Nà" → "là").
            (
                "bản Nà Hừ có mấy đảng viên",
                Request::UnknownHamlet {
                    name: "Nà Hừ".into(),
                },
            ),
            // The official addressed is no need (before: loans for pigs offered).
            ("anh cán bộ ơi xã nuôi bao nhiêu con lợn", no_answer(CK)),
            // A unit's year asked (before: the criteria stated).
            (
                "năm nào xã Chiềng Khoang đạt nông thôn mới nâng cao",
                no_answer(CK),
            ),
            // One kind of the herd is a part of it (before: the whole herd stated).
            ("riêng bò thì xã có bao nhiêu con", no_answer(CK)),
        ],
    );
}

/// Loans asked by purpose, nineteenth round: standings said in English, a loan owed told with
/// "dư nợ", a homestay's rooms and goods carried as the trade, hybrid seed, a spending denied
/// before the need, an exclusion of a programme that is a standing, a medicinal crop wished
/// for, and spending no programme serves asked after a story or an owed loan.
#[test]
fn nineteenth_round_purpose() {
    let u = Understander::new(&sixteenth_round_catalog());
    let production = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // English standings: just out of poverty, near-poor (a standing, not the card).
            (
                "we just got out of poverty last year, I want loan to buy rice mill machine for milling service",
                by_purpose(&["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
            ),
            (
                "sir my family is near-poor household, I want loan to buy cows what loan",
                by_purpose(&["ho_can_ngheo", "giai_quyet_viec_lam"]),
            ),
            // A loan owed told with "dư nợ" is the story.
            (
                "nhà em đang dư nợ vay nước sạch 20 triệu, em muốn vay vốn để nuôi vịt vay gì được",
                production.clone(),
            ),
            // A homestay's rooms and a truck carrying vegetables are the trade.
            (
                "cần vốn sửa mấy gian nhà sàn để làm homestay cho khách ở thì xã có chương trình nào",
                production.clone(),
            ),
            (
                "giờ em định vay ít tiền mua xe tải nhỏ chở rau đi chợ huyện bán",
                production.clone(),
            ),
            ("vay lam homstay o dau", production.clone()),
            // Hybrid seed is the crop, not the rate.
            (
                "nhà em mới thoát nghèo, cần vay tiền để mua giống ngô lai với phân bón thì vay chương trình nào",
                by_purpose(&["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
            ),
            // A purchase denied before the need; the purchase alone is still no answer.
            (
                "chị ơi không phải mua xe máy đi chơi mà là nuôi ong lấy mật, vay gì",
                production.clone(),
            ),
            ("vay mua điện thoại mới được không", none.clone()),
            // "ngoài chương trình hộ nghèo ra" leaves out that programme only; "không phải hộ
            // nghèo" denies the standing.
            (
                "em tính vay để trồng rừng keo, mà ngoài chương trình hộ nghèo ra, có gói nào cho vay không",
                by_purpose(&[
                    "ho_can_ngheo",
                    "ho_moi_thoat_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                    "nd28_chuyen_doi_nghe",
                ]),
            ),
            (
                "nhà em không phải hộ nghèo, muốn vay trồng rừng keo",
                by_purpose(&[
                    "ho_can_ngheo",
                    "ho_moi_thoat_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                ]),
            ),
            // Spending no programme serves, asked after a story's need or an owed loan.
            (
                "năm 2021 nhà em vay 30 triệu nuôi lợn đã trả xong rồi, cho em hỏi vay mua điện thoại mới thì chương trình nào",
                none.clone(),
            ),
            (
                "bán được 2 tấn ngô mà trả nợ phân hết, nhà em cần vay để trả nợ lãi ngoài có được không",
                none.clone(),
            ),
            (
                "nhà em đang dư nợ vay nước sạch 20 triệu, em muốn vay tiền chữa bệnh cho bố ở đâu được",
                none.clone(),
            ),
            ("cho em hoi vay lam dam ma cho ong o dau duoc", none.clone()),
            // … but a need said after them is asked.
            (
                "em chưa vay ngân hàng bao giờ, muốn vay nuôi gà thì vay chương trình nào ạ",
                production.clone(),
            ),
            (
                "mẹ em ốm nằm viện chữa bệnh mất 15 triệu, giờ em muốn vay nuôi dê",
                production.clone(),
            ),
            ("vay nuoi ong lay mat", production.clone()),
        ],
    );
}

#[test]
fn nineteenth_round_details_and_steps() {
    let u = Understander::new(&sixteenth_round_catalog());
    let production = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // Programme shorthand of SMS.
            ("vay nsvs dc bn tr", loan("nuoc_sach_vsmt", Some(Amount))),
            (
                "hộ mtn vay thì lãi bn 1 năm",
                loan("ho_moi_thoat_ngheo", Some(Rate)),
            ),
            (
                "gq vl cho vay max bn tien",
                loan("giai_quyet_viec_lam", Some(Amount)),
            ),
            (
                "vay vùng khó khăn 80tr co can tsbđ ko",
                loan("sxkd_vung_kho_khan", Some(LoanAspect::Collateral)),
            ),
            (
                "vay ns vs co phai the chap ko",
                loan("nuoc_sach_vsmt", Some(LoanAspect::Collateral)),
            ),
            // Aspects said other ways: security without "tài sản", the age with the number
            // word after it, the families who may borrow, the passive of school English.
            (
                "vay việc làm dưới 100 triệu thì không phải bảo đảm à",
                loan("giai_quyet_viec_lam", Some(LoanAspect::Collateral)),
            ),
            (
                "tuổi bao nhiêu thì mới được vay vốn sinh viên",
                loan("hoc_sinh_sinh_vien", Some(LoanAspect::Age)),
            ),
            (
                "vay vùng khó khăn thì chỉ cho những gia đình thế nào vay",
                loan("sxkd_vung_kho_khan", Some(LoanAspect::Eligibility)),
            ),
            (
                "when must hssv loan be paid back",
                loan("hoc_sinh_sinh_vien", Some(Term)),
            ),
            // "tc" beside a loan's security is tín chấp; a loan on trust is the collateral
            // asked of the programme named, no answer alone.
            (
                "vay hn la vay tc phai ko a",
                loan("ho_ngheo", Some(LoanAspect::Collateral)),
            ),
            (
                "vay mtn co phai tc ko hay the chap",
                loan("ho_moi_thoat_ngheo", Some(LoanAspect::Collateral)),
            ),
            (
                "hn vay tin chap hay phai the chap so do",
                loan("ho_ngheo", Some(LoanAspect::Collateral)),
            ),
            ("vay tín chấp ở đâu lãi thấp", none.clone()),
            // "cn" right before an animal is chăn nuôi; "vay cn" alone is still cận nghèo.
            ("vay cn bò thì vay chương trình nào", production.clone()),
            ("muốn vay cn lợn thì có những gói nào", production),
            ("vay cn lai bn", loan("ho_can_ngheo", Some(Rate))),
            // What comes after the group's review, asked in general, is the loan steps; the
            // asker's own money is still a person's answer.
            (
                "tổ bình xét xong rồi thì bao giờ có tiền hả anh",
                Request::LoanProcess,
            ),
            ("bx xong bao lau co tien", Request::LoanProcess),
            (
                "họp bình xét xong xã xác nhận rồi thì bước tiếp theo là gì",
                Request::LoanProcess,
            ),
            (
                "bao giờ thì tiền vay của nhà em được giải ngân",
                none.clone(),
            ),
            (
                "muốn vay thì có phải vào tổ tiết kiệm và vay vốn không",
                Request::LoanProcess,
            ),
            ("vay von uu dai lam tt ntn", Request::LoanProcess),
            ("hs vay von gom gi a", Request::LoanProcess),
            // Joining the group with a programme named and "được không" asks who may borrow.
            (
                "em chưa vào tổ tiết kiệm thì vay hộ nghèo được không",
                loan("ho_ngheo", Some(LoanAspect::Eligibility)),
            ),
            // A loan held ends where a new loan word follows its programme.
            (
                "còn dư nợ vay việc làm thì có vay vùng khó khăn được không",
                loan("sxkd_vung_kho_khan", Some(LoanAspect::Eligibility)),
            ),
            (
                "nhà em vẫn còn nợ khoản vay việc làm thì vay thêm vùng khó khăn có được không",
                loan("sxkd_vung_kho_khan", Some(LoanAspect::Eligibility)),
            ),
            // A standing denied is no other loan: the loan told is still the one asked.
            (
                "nhà em không thuộc hộ nghèo hay cận nghèo có trang trại 200 con gà năm 2019 vay vùng khó khăn 30 triệu rồi nay muốn vay tiếp thì mức tối đa bây giờ là bao nhiêu",
                loan("sxkd_vung_kho_khan", Some(Amount)),
            ),
        ],
    );
}

#[test]
fn nineteenth_round_talk() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // An ok that tells back what was answered, nothing asked: an ok (before: the
            // programme named was stated).
            (
                "uh vậy vay hộ nghèo phải có giấy của xã, em biết rồi",
                Request::Ack,
            ),
            (
                "vâng ạ, nhà em không được vay hộ nghèo nữa, em hiểu rồi",
                Request::Ack,
            ),
            (
                "dạ vâng, em nghe rồi, vay sinh viên phải có giấy nhà trường, mai em lên hỏi thêm",
                Request::Ack,
            ),
            // … but a count or an asking opener after it still asks.
            (
                "bản Đông em biết rồi, còn bản He thì mấy đảng viên",
                fact("he", "party_members"),
            ),
            (
                "ok vay hộ nghèo thì em biết rồi, giờ em hỏi tỷ lệ hộ nghèo xã mình",
                fact(CK, "poor_near_poor_rate"),
            ),
            // Thanks for what someone said or for what is put off till later.
            (
                "thank you, tomorrow we borrow near poor loan like you say",
                Request::Thanks,
            ),
            (
                "cảm ơn anh, hôm qua a bảo nhà em được vay hộ mới thoát nghèo",
                Request::Thanks,
            ),
            ("ty bot", Request::Thanks),
            ("ty ad nha", Request::Thanks),
            // A switch of hamlets subscribes the one after "chuyển sang" / "change to" and
            // ends the one before.
            (
                "em thôi đăng ký bản He, chuyển sang đăng ký bản Đông",
                switch(&["dong"], &["he"]),
            ),
            (
                "no more ban he, change to ban dong",
                switch(&["dong"], &["he"]),
            ),
            // The notices asked by name outrank a story's no-answer hint.
            (
                "em đi viện mấy hôm, hôm nay có tin mới của bản không",
                Request::News,
            ),
            ("new info from ban he today?", Request::News),
            // Help, the menu and stopping every subscription in more words.
            ("bot này dùng sao", Request::Help),
            ("how i use bot this", Request::Help),
            ("hê lô bot", Request::Menu),
            ("bot gửi lại cái menu đi", Request::Menu),
            ("thôi em hủy hết đăng ký", unsub(&[])),
            // A wish put off after an ok; "có gì em …" (if anything) asks nothing.
            (
                "ok, em định vay nuôi lợn nhưng để em bàn với chồng đã, có gì em nhắn lại sau",
                Request::Ack,
            ),
            // A number glued to its unit told back with thanks (before: the figure stated).
            ("cam on bot, 1167ha rung e ghi lai r", Request::Thanks),
            ("cảm ơn, vay sinh viên rẻ hơn vay ngoài", Request::Thanks),
        ],
    );
}

#[test]
fn twentieth_round_talk() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // What was answered told back in school English or in praise, with thanks or an
            // ok and nothing asked: not the programme or the figure (before: stated).
            (
                "thanks, your answer about student loan help my son",
                Request::Thanks,
            ),
            (
                "many thank, you explain clean water loan very clear",
                Request::Thanks,
            ),
            ("thank you for info about ban He", Request::Thanks),
            (
                "cảm ơn bot, vay hộ nghèo lãi thấp thế là tốt rồi",
                Request::Thanks,
            ),
            // … but a question after it still asks.
            (
                "cảm ơn, thế là tốt rồi, còn vay hộ nghèo lãi bao nhiêu",
                loan("ho_ngheo", Some(LoanAspect::Rate)),
            ),
        ],
    );
}

#[test]
fn nineteenth_round_facts() {
    let u = Understander::new(&catalog());
    let none = Request::NoAnswer { unit: None };
    assert_readings(
        &u,
        &[
            // Another commune of the district by its name, typed without marks or a capital
            // (before: the commune's party members stated).
            (
                "xa chieng bang ben canh co bao nhieu dang vien",
                none.clone(),
            ),
            ("xa muong sai co bao nhieu ho ngheo", no_answer(CK)),
            // … the commune itself is still its figure.
            (
                "xa chieng khoang co bao nhieu dang vien",
                fact(CK, "party_members"),
            ),
            // A part of the party members or of the tea area (before: the whole stated).
            ("trong số đảng viên bản He có bao nhiêu nữ", no_answer("he")),
            (
                "trong 408 đảng viên của xã có bao nhiêu người trẻ dưới 30 tuổi",
                no_answer(CK),
            ),
            ("che cua xa bao nhieu ha dang cho thu hoach", no_answer(CK)),
            // … the whole is still the figure.
            ("bản He có bao nhiêu đảng viên", fact("he", "party_members")),
            ("bản He có bao nhiêu hộ", fact("he", "households")),
        ],
    );
}

/// The integrator's fixes of the nineteenth round, on the wrong figures the merged branches
/// left in the new facts part.
#[test]
fn nineteenth_round_merged_facts() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // "b" before a hamlet's name is "bản" (before: the commune's criteria stated).
            ("b dong con tc j chua dat", remaining("dong")),
            ("b he co bao nhieu ho", fact("he", "households")),
            // … elsewhere it is no hamlet.
            ("xã còn tiêu chí nào chưa đạt", remaining(CK)),
            // A poor-only share said "tính riêng" (before: the poor and near-poor rate).
            (
                "tỷ lệ hộ nghèo tính riêng, bỏ cận nghèo ra, là bao nhiêu",
                no_answer(CK),
            ),
            (
                "tỷ lệ hộ nghèo của xã là bao nhiêu",
                fact(CK, "poor_near_poor_rate"),
            ),
            // Mountain "pao" for "bao": the count of an animal no figure has is no answer
            // (before: the commune's figures), and a count the content has is its figure.
            ("cả xã có pao lhiêu con lợn", no_answer(CK)),
            ("pản He có pao nhiêu hộ", fact("he", "households")),
            ("em ở bản He muốn nhận thông páo", sub(&["he"])),
            // The criteria left asked first are the first question; a figure asked first
            // stays the first (before: the income stated for the criteria asked).
            (
                "xã còn những tiêu chí nào chưa đạt, với thu nhập bình quân bao nhiêu",
                remaining(CK),
            ),
            (
                "tỷ lệ hộ nghèo của xã bao nhiêu, với xã còn tiêu chí nào chưa đạt",
                fact(CK, "poor_near_poor_rate"),
            ),
            // Two branches met: a step of the loan is no wish, so "bao giờ" after it asks
            // when (before: no answer) …
            (
                "bình xét xong rồi bao giờ được lấy tiền hả cô",
                Request::LoanProcess,
            ),
            // … and a held phrase ending in "vay" still ends at the next loan word (before:
            // both programmes offered).
            (
                "nhà em vẫn còn nợ khoản vay việc làm thì vay thêm vùng khó khăn có được không",
                loan("sxkd_vung_kho_khan", Some(Eligibility)),
            ),
        ],
    );
}

/// detail20 helper: "được không ạ" at the end keeps the eligibility hint (it was read whole
/// as filler), "can borrow" without a subject, "when must return money" (the term), "old man
/// 70" (the age), "nhà thế nào thì vay được X" (who may borrow), "phải đi lên đâu" (apply).
#[test]
fn twentieth_round_aspects() {
    let u = Understander::new(&sixteenth_round_catalog());
    assert_readings(
        &u,
        &[
            (
                "nhà em mới thoát nghèo vay mới thoát nghèo được không ạ",
                loan("ho_moi_thoat_ngheo", Some(LoanAspect::Eligibility)),
            ),
            (
                "vay nuoc sach duoc khong a",
                loan("nuoc_sach_vsmt", Some(LoanAspect::Eligibility)),
            ),
            (
                "near-poor loan can borrow?",
                loan("ho_can_ngheo", Some(LoanAspect::Eligibility)),
            ),
            (
                "job creation loan when must return money",
                loan("giai_quyet_viec_lam", Some(LoanAspect::Term)),
            ),
            (
                "old man 75 can borrow poor household loan?",
                loan("ho_ngheo", Some(LoanAspect::Age)),
            ),
            (
                "nhà thế nào thì vay được giải quyết việc làm",
                loan("giai_quyet_viec_lam", Some(LoanAspect::Eligibility)),
            ),
            (
                "vay cận nghèo thì phải đi lên đâu",
                loan("ho_can_ngheo", Some(LoanAspect::Apply)),
            ),
        ],
    );
}

/// The integrator, on the merge of the twentieth round: the classes the four new parts' first
/// runs found stating a wrong figure or programme, each with a case that held before.
#[test]
fn twentieth_round_merged_facts() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // A loan dated by a year is told, not asked, when a need follows (before: the
            // water loan's card).
            (
                "hồi 2022 vay nước sạch làm bể 15 triệu, giờ cháu muốn vay nuôi bò",
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                ]),
            ),
            // … and still asked when nothing else is ("… rồi nay muốn vay tiếp").
            (
                "năm 2019 vay nước sạch 20 triệu rồi nay muốn vay tiếp thì tối đa bao nhiêu",
                loan("nuoc_sach_vsmt", Some(LoanAspect::Amount)),
            ),
            // "ncn" is a near-poor household (before: every programme for cattle).
            (
                "e la ncn muon vay nuoi bo",
                by_purpose(&["ho_can_ngheo", "giai_quyet_viec_lam"]),
            ),
            // A kind asked inside the whole the content has only as a whole (before: the whole
            // stated).
            ("trong đàn gia cầm có bao nhiêu con vịt", no_answer(CK)),
            // The commune's money for nông thôn mới has no figure (before: the standing).
            (
                "xa duoc cap bao nhieu tien lam nong thon moi",
                no_answer(CK),
            ),
            // A discount on the interest has no field (before: the rate) …
            (
                "vay hộ nghèo trả trước hạn có được giảm lãi không",
                Request::NoAnswer { unit: None },
            ),
            // … a rate asked after "giảm lãi xuống" is the rate.
            (
                "hộ nghèo có được giảm lãi xuống ba phần trăm không",
                loan("ho_ngheo", Some(LoanAspect::Rate)),
            ),
            // Households counted twice with one figure named: both offered (before: the poor
            // households stated for the households asked first).
            (
                "bản He tổng mấy hộ, trong đó còn mấy hộ nghèo",
                unsure(vec![
                    fact("he", "households"),
                    fact("he", "poor_households"),
                ]),
            ),
            // Thanks for what was told, with "ai cũng" (everyone) and an unmarked "bao"
            // (bảo) inside what is told back (before: the student loan stated).
            (
                "tháng trước anh giải thích vay sinh viên, nhà em ai cũng mừng, em cảm ơn anh",
                Request::Thanks,
            ),
            (
                "a bao vay hssv lai suat thap, e mung qua, thanks a",
                Request::Thanks,
            ),
            // A visit to greet after a story (before: the story's loan stated).
            (
                "năm ngoái nhà em vay giải quyết việc làm 50 triệu, hôm nay vào chào anh một tiếng",
                Request::Menu,
            ),
            // An ok with a plan to ask an officer (before: the programme told back stated).
            (
                "vâng em hiểu rồi, nhà em nên vay vùng khó khăn, để mai em lên xã hỏi cán bộ",
                Request::Ack,
            ),
            // A wife's need is a need too ("vợ em thì muốn"): both needs narrow the list.
            (
                "nhà em muốn trồng chè, vợ em thì muốn mở quán nhỏ, vay gì được",
                by_purpose(&["ho_ngheo", "ho_can_ngheo", "sxkd_vung_kho_khan"]),
            ),
            // An unknown hamlet opening the message, typed small and unmarked (before: the
            // commune's figure).
            (
                "ban pha khuong co may dang vien",
                Request::UnknownHamlet {
                    name: "pha khuong".into(),
                },
            ),
        ],
    );
}

#[test]
fn hamlet_switch_ends_the_old_subscription() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // Both hamlets named: the one before "chuyển sang" ends.
            (
                "em thôi đăng ký bản Đông, chuyển sang đăng ký bản He",
                switch(&["he"], &["dong"]),
            ),
            (
                "khong nhan tin ban dong nua chuyen qua ban he",
                switch(&["he"], &["dong"]),
            ),
            // What is moved between the verb and "sang" / "to"; no hamlet before: every
            // other subscription moves.
            ("chuyển đăng ký sang bản He", switch(&["he"], &[])),
            ("em chuyen sang nhan tin ban he", switch(&["he"], &[])),
            ("change my subscription to ban he", switch(&["he"], &[])),
        ],
    );
    // A family moving, with no word about notices, is no switch; nor is a loan asked.
    for text in [
        "chuyển sang bản He",
        "nhà em chuyển hộ khẩu sang bản He rồi, vay hộ nghèo ở đâu",
    ] {
        let got = u.understand(text);
        assert!(!matches!(got, Request::Switch { .. }), "{text}: {got:?}");
    }
}

/// The twenty-first round (`facts21` helper): parts of a figure said other ways, a figure asked
/// up or down, a target set and the cost of a work — the content has none of them, and each
/// stated the whole figure, a loan's rate or a criterion before; the whole is still stated
/// when nothing but the figure is asked.
#[test]
fn twentyfirst_round_facts() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // A share of the members by sex or age (before: the members stated).
            ("408 đảng viên ấy thì nữ chiếm mấy người", no_answer(CK)),
            ("dang vien duoi 30 tuoi co bao nhieu nguoi", no_answer(CK)),
            // The poor-only rate (before: the whole rate).
            (
                "ty le ho ngheo thuan, khong cong can ngheo, o xa la may",
                no_answer(CK),
            ),
            // The rest of the units once one is left out (before: Bản He's members).
            (
                "bỏ bản He ra, đảng viên các bản còn lại tổng bao nhiêu",
                no_answer("he"),
            ),
            // Up or down, and a target (before: the herd, the rate of now).
            (
                "hop tac xa cua xa nam nay tang hay giam so voi truoc",
                no_answer(CK),
            ),
            (
                "xa dat muc tieu 2030 ty le ngheo giam con may phan tram",
                no_answer(CK),
            ),
            // The whole is still the figure when asked plainly.
            ("xã có bao nhiêu hợp tác xã", fact(CK, "cooperatives")),
            (
                "đảng viên toàn xã bao nhiêu người",
                fact(CK, "party_members"),
            ),
            (
                "tỷ lệ hộ nghèo và cận nghèo của xã bao nhiêu",
                fact(CK, "poor_near_poor_rate"),
            ),
        ],
    );
    // The cost of a work is no criterion's standing (before: the cultural house's standing).
    assert!(matches!(
        u.understand("làm nhà văn hóa bản Đông hết bao nhiêu tiền"),
        Request::NoAnswer { .. }
    ));
}

/// Twenty-first round, `detail21` helper (a programme's aspects and the loan steps): each
/// class fixed, with a case of its own.
#[test]
fn twentyfirst_round_loan_steps() {
    use LoanAspect::{Amount, Collateral, Eligibility, Rate, Term};
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // A figure to confirm before whom the asker speaks to (before: the card) …
            (
                "vùng khó khăn vay được 100 triệu hả anh",
                loan("sxkd_vung_kho_khan", Some(Amount)),
            ),
            (
                "vay hộ nghèo giờ lên 100 triệu rồi hả anh",
                loan("ho_ngheo", Some(Amount)),
            ),
            // … "thật không", "phải vậy không" …
            (
                "vay nhà ở xã hội được 500 triệu thật không",
                loan("nha_o_xa_hoi", Some(Amount)),
            ),
            // … but "một tháng" is "per month", no span told; and unmarked "vay không" is no
            // "vậy không".
            (
                "chăm vay xinh viên một tháng được bao nhiêu tiền hả cô",
                loan("hoc_sinh_sinh_vien", Some(Amount)),
            ),
            // The day to go to the transaction point: the steps (before: no answer) …
            ("đến điểm giao dịch ngày nào", Request::LoanProcess),
            (
                "ngân hàng chính sách về xã giao dịch vào hôm nào hả anh",
                Request::LoanProcess,
            ),
            // … its date or hour is still no field.
            (
                "mấy giờ thì điểm giao dịch xã mở cửa",
                Request::NoAnswer { unit: None },
            ),
            // Step phrases (before: the list of loans).
            ("xin vay vốn thì nộp đơn cho ai", Request::LoanProcess),
            (
                "trình tự từng bước khi đi vay vốn ngân hàng chính sách xã hội",
                Request::LoanProcess,
            ),
            ("vay von uu dai can gt gi", Request::LoanProcess),
            ("tien lai hang thang nop o dau vay", Request::LoanProcess),
            // Doing the papers oneself is no job creation (before: the job loan stated).
            (
                "hội nông dân có giúp làm hồ sơ vay vốn không hay phải tự làm",
                Request::LoanProcess,
            ),
            // Taken off the near-poor list: recently out (before: the near-poor rate stated).
            (
                "nhà vừa được rút tên khỏi danh sách cận nghèo năm kia thì vay lãi thế nào",
                loan("ho_moi_thoat_ngheo", Some(Rate)),
            ),
            // Aspect phrases (before: the card).
            (
                "mới thoát nghèo vay nhiều nhất được mấy",
                loan("ho_moi_thoat_ngheo", Some(Amount)),
            ),
            (
                "hỗ trợ đất ở thì mỗi hộ được vay mức nào",
                loan("nd28_ho_tro_dat_o", Some(Amount)),
            ),
            (
                "vay vốn giải quyết việc làm dành cho những người nào",
                loan("giai_quyet_viec_lam", Some(Eligibility)),
            ),
            (
                "nhà vừa thoát nghèo mà đi vay thì ngân hàng có đòi cầm sổ gì không",
                loan("ho_moi_thoat_ngheo", Some(Collateral)),
            ),
            // Unchanged: a span told with "đúng không" is still the term.
            (
                "vay nước sạch tối đa 5 năm phải không",
                loan("nuoc_sach_vsmt", Some(Term)),
            ),
        ],
    );
}

#[test]
fn twentyfirst_round_talk() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // "biết ơn", "cảm tạ" are thanks; the figure told back is no question (before: the
            // programme's rate stated).
            (
                "đọc lại bot trả lời về lãi vay hộ cận nghèo 7,92% thấy rõ ghê, biết ơn bot nha",
                Request::Thanks,
            ),
            (
                "bot giải thích vay sản xuất kinh doanh vùng khó khăn lãi 9%, em cảm tạ bot",
                Request::Thanks,
            ),
            // "đau" (pain) and "sào" (a unit of land) typed with their marks ask nothing
            // (before: "đâu", "sao", so the thanks was read as a question).
            (
                "ba em bị đau lưng nằm viện 10 ngày, bot bảo vay giải quyết việc làm được 200 triệu, em cám ơn bot",
                Request::Thanks,
            ),
            // … typed without marks "dau" is still "đâu".
            (
                "vay giai quyet viec lam nop ho so o dau",
                loan("giai_quyet_viec_lam", Some(LoanAspect::Apply)),
            ),
            // An ok opening the message and telling a figure back in digits is an ok (before:
            // the figure stated again).
            (
                "ừ được rồi, lãi nhà ở xã hội 5,4 phần trăm, tôi ghi vào sổ rồi, thế thôi",
                Request::Ack,
            ),
            // … but not when it asks, or when "được" is a story's ("lấy chồng được 3 năm").
            (
                "ok, vay hộ nghèo 100 triệu thì lãi bao nhiêu",
                loan("ho_ngheo", Some(LoanAspect::Rate)),
            ),
            (
                "được rồi, con em 19 tuổi vay sinh viên tối đa mấy triệu",
                loan("hoc_sinh_sinh_vien", Some(LoanAspect::Amount)),
            ),
        ],
    );
}

/// Loans asked by purpose, twenty-first round (helper `purpose21`): "vya" typed for "vay",
/// "trg" for "trồng" before a crop (and "trường" after going to school), bamboo planted as a
/// forest tree, and the medicinal crop asked with its loan word as the household's need.
#[test]
fn twentyfirst_round_purpose() {
    let u = Understander::new(&sixteenth_round_catalog());
    let production = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_chuyen_doi_nghe",
    ]);
    let crops = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
    ]);
    let medicinal = by_purpose(&[
        "ho_ngheo",
        "ho_can_ngheo",
        "ho_moi_thoat_ngheo",
        "sxkd_vung_kho_khan",
        "giai_quyet_viec_lam",
        "nd28_duoc_lieu",
    ]);
    assert_readings(
        &u,
        &[
            // "vya" is "vay" (before: not understood).
            ("vya nuoi de dc ko", production.clone()),
            ("vya trong che shan tuyet", crops.clone()),
            // "trg" before a crop or tree is "trồng" (before: the list of loans).
            ("trg che shan vay dc ko", crops.clone()),
            ("trg que vay ctr nao", production.clone()),
            // Bamboo planted is forest planting: job conversion too (before: the crop list).
            (
                "trồng tre bát độ lấy măng có vay được không",
                production.clone(),
            ),
            ("vay trong luong trong tre", production.clone()),
            (
                "bamboo planting for shoot, any loan program?",
                production.clone(),
            ),
            // The medicinal crop asked with what follows it is the need (before: the
            // medicinal-zone card alone).
            ("trồng dược liệu vay chương trình nào", medicinal.clone()),
            ("trong duoc lieu thi vay gi", medicinal.clone()),
            (
                "Hộ gia đình trồng dược liệu dưới tán rừng thì vay được những chương trình nào?",
                medicinal.clone(),
            ),
            // Poor told before out of poverty, with a need: recently out now (before: the
            // poor-household programmes offered too).
            (
                "nhà em năm 2019 là hộ nghèo, đến cuối 2024 thì thoát nghèo rồi, em muốn vay trồng quế",
                by_purpose(&["ho_moi_thoat_ngheo", "giai_quyet_viec_lam"]),
            ),
            // The rice mill by "xát" (before: the list of loans).
            ("vay mua may xat gao", production.clone()),
            // A karaoke set for home is no trade (before: the livestock-and-trade list). The
            // English land for a house has corpus cases only: this catalog has no residential
            // land purpose.
            (
                "vay mua dàn karaoke về nhà hát",
                Request::NoAnswer { unit: None },
            ),
            // A programme refused with "không vay" is left out (before: its card stated).
            (
                "không vay chuyển đổi nghề đâu, em mua bò về nuôi thì còn gói nào",
                by_purpose(&[
                    "ho_ngheo",
                    "ho_can_ngheo",
                    "ho_moi_thoat_ngheo",
                    "sxkd_vung_kho_khan",
                    "giai_quyet_viec_lam",
                ]),
            ),
        ],
    );
}

/// The twenty-first round's merge (the integrator): what the four new parts' first runs still
/// stated wrongly after their helpers — an answer told back with thanks or an ok, help or the
/// menu asked last after a story, the notices asked before a loan's figure, the list asked
/// after what a household owns, counts in school English.
#[test]
fn twentyfirst_round_merged() {
    let u = Understander::new(&catalog());
    assert_readings(
        &u,
        &[
            // The bot's answer reported, with question-like words that ask nothing ("bảo
            // mày", "chẳng biết gì", "không hỏi gì nữa", "chị dâu").
            (
                "e doc cho me nghe bot bao vay ho ngheo lai 6,6 phan tram, me cuoi bao may biet noi, cam on bot nhe",
                Request::Thanks,
            ),
            (
                "chị dâu em mới sinh cháu thứ 3, bot nói vay hộ nghèo không cần thế chấp, cảm ơn bot",
                Request::Thanks,
            ),
            (
                "bot nói xã có 408 đảng viên, thôi em cảm ơn bot nhé không hỏi gì nữa",
                Request::Thanks,
            ),
            (
                "em thì chẳng biết gì, nhờ bot mà em biết thời hạn vay hộ nghèo 120 tháng, cảm ơn nhiều",
                Request::Thanks,
            ),
            (
                "yesterday bot tell me near poor loan 7.92 percent, i just want say thank you",
                Request::Thanks,
            ),
            // An ok telling back: "cho" (for) asks nothing; what is agreed with or nothing
            // more to ask.
            (
                "ok bot, nước sạch tối đa 50 triệu cho cả hai công trình, em rõ rồi",
                Request::Ack,
            ),
            (
                "dạ em hiểu rồi vay nước sạch được năm mươi triệu em cảm thấy ổn rồi không hỏi gì thêm",
                Request::Ack,
            ),
            (
                "nghe xong thấy hợp lý, hộ mới thoát nghèo vay được 5 năm, em ok rồi nhé",
                Request::Ack,
            ),
            // Help or the menu asked last, after a story that asks nothing.
            (
                "hôm trước chị hàng xóm hỏi bot vay hộ nghèo được trả lời ngay, em cũng muốn hỏi mà không biết hỏi kiểu gì cho bot hiểu",
                Request::Help,
            ),
            (
                "năm ngoái em vay 20 triệu nuôi lợn giờ trả xong rồi, bây giờ em chỉ muốn xem bảng chọn của bot thôi",
                Request::Menu,
            ),
            // A request's "giúp" is no help asked.
            ("đăng ký nhận tin bản Đông giúp em", sub(&["dong"])),
            // The list asked after what a household owns.
            (
                "em mới lấy vợ về bản được 2 năm, nhà có 3 sào nương với 5 con dê, chưa biết gì về vay vốn cả, anh kể giúp em ngân hàng chính sách có những chương trình cho vay nào",
                Request::Loans,
            ),
        ],
    );
    // An aspect's "bao lâu" is asked even where a told-back phrase covers "bao".
    assert!(matches!(
        u.understand("vay ho ngheo xong thi duoc han tra toi da bao lau"),
        Request::LoanDetail { ref aspects, .. } if aspects.contains(&LoanAspect::Term)
    ));
    // The notices asked first, then a programme's figure: both offered.
    assert!(matches!(
        u.understand("có tin gì mới không, với lại vay hộ nghèo lãi bao nhiêu"),
        Request::NotUnderstood { ref suggestions }
            if suggestions.first() == Some(&Request::News)
    ));
    for text in [
        "number of pig in the commune",
        "school count in commune please",
    ] {
        assert!(
            matches!(u.understand(text), Request::NoAnswer { .. }),
            "{text}"
        );
    }
}
