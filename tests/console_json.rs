//! The built binary driven through `console --json`: one JSON object out per line in.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::console_json::{config, run};

#[test]
fn one_object_per_line_with_everything_that_went_out() {
    let (_dir, cfg) = config();
    let lines = [
        "/start",
        r#"{"button": "sub:dong"}"#,
        r#"{"as": "telegram:5002", "text": "/dangky dong"}"#,
        "/as telegram:1001",
        "/thongbao Họp bản 8h",
        r#"{"choice": 1}"#,
        "not json {",
        r#"{"text": "x", "button": "m"}"#,
        r#"{"bogus": 1}"#,
    ];
    let out = run(&cfg, &lines, None);
    assert_eq!(out.len(), lines.len(), "one object per input line");
    assert_eq!(out[0]["as"], "console:villager");
    assert_eq!(out[0]["in"], "/start");
    assert!(
        out[0]["out"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Chào bạn")
    );
    assert_eq!(out[0]["out"][0]["to"], "console:villager");
    assert!(out[0]["out"][0]["buttons"][0][0]["payload"].is_string());
    assert!(
        out[1]["out"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Bản Đông")
    );
    assert_eq!(out[2]["as"], "telegram:5002");
    assert_eq!(out[3]["as"], "telegram:1001");
    assert_eq!(out[3]["out"].as_array().unwrap().len(), 0);
    assert!(
        out[4]["out"][0]["text"]
            .as_str()
            .unwrap()
            .contains("2 người nhận")
    );

    // Confirming (choice 1 = the first button) delivers to both subscribers and reports.
    let sent: Vec<(String, String)> = out[5]["out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["to"].as_str().unwrap().into(),
                o["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(sent[0].1.contains("Đang gửi tới 2"), "{sent:?}");
    for who in ["console:villager", "telegram:5002"] {
        assert!(
            sent.iter()
                .any(|(to, t)| to == who && t.contains("Họp bản 8h")),
            "{who} got it: {sent:?}"
        );
    }
    assert!(
        sent.iter()
            .any(|(to, t)| to == "telegram:1001" && t.contains("Đã gửi 2/2"))
    );

    // "not json {" is plain text; a malformed object gets an error and the run goes on.
    assert!(out[6]["error"].is_null());
    assert!(out[7]["error"].as_str().unwrap().contains("one of"));
    assert!(out[8]["error"].as_str().unwrap().contains("bad input line"));
}

#[test]
fn as_flag_and_bad_identity() {
    let (_dir, cfg) = config();
    let out = run(
        &cfg,
        &["/thongbao Xin chào", "/as facebook:1"],
        Some("telegram:1001"),
    );
    assert!(
        out[0]["out"][0]["text"]
            .as_str()
            .unwrap()
            .contains("XEM TRƯỚC")
    );
    assert!(out[1]["error"].as_str().unwrap().contains("platform"));
    let bad = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["console", "--json", "--config", &cfg, "--as", "hoa"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--as"));
}

#[test]
fn a_second_process_on_the_same_store_fails_clearly() {
    let (_dir, cfg) = config();
    let mut first = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["console", "--json", "--config", &cfg])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first has the store open (it answers a line).
    {
        let stdin = first.stdin.as_mut().unwrap();
        writeln!(stdin, "/start").unwrap();
        stdin.flush().unwrap();
    }
    let mut buf = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(first.stdout.as_mut().unwrap()),
        &mut buf,
    )
    .unwrap();
    let second = Command::new(env!("CARGO_BIN_EXE_loaban"))
        .args(["console", "--json", "--config", &cfg])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    first.kill().ok();
    first.wait().ok();
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("in use by the running bot"), "{err}");
    assert!(
        err.contains("stop the bot first: `systemctl stop loaban`"),
        "{err}"
    );
    assert_eq!(err.matches("/data").count(), 1, "the path once: {err}");
}
