//! `loaban check-config`: OK or every problem with file, line and field; then, when a store
//! exists, what the config would change against it. Never writes to the store.

use std::process::ExitCode;

use loaban::config::Config;
use loaban::core::ops;
use loaban::service::{
    self,
    control::{self, ControlRequest},
};

use super::{StoreAccess, store_access};

pub async fn run(path: &std::path::Path) -> ExitCode {
    let config = match Config::load(path) {
        Ok(c) => c,
        Err(problems) => {
            println!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    let problems = service::check_files(&config);
    if !problems.is_empty() {
        println!("{}", problems.join("\n"));
        return ExitCode::FAILURE;
    }
    println!("OK");
    // Secrets usually live in the service's environment file, which this shell may not
    // have loaded: say what `run` will need, without failing the check.
    if let Some(z) = &config.zalo
        && let Err(e) = loaban::channels::zalo::Settings::from_env_and_config(z, config.offset())
    {
        println!("note: [zalo]: {e} (if the service's environment file sets it, all is well)");
    }
    if !service::store_exists(&config) {
        println!(
            "note: no store at {} yet — `run` will create a new, empty one \
             (check data_dir if you expected your subscribers there)",
            config.data_path().display()
        );
        return ExitCode::SUCCESS;
    }
    let state = match store_access(&config) {
        Ok(StoreAccess::Direct(store)) => ops::store_state(&store).map_err(|e| e.to_string()),
        Ok(StoreAccess::Running) => control::ask(&config.data_path(), &ControlRequest::State)
            .await
            .and_then(|r| {
                if r.ok {
                    serde_json::from_str(&r.output).map_err(|e| e.to_string())
                } else {
                    Err(r.output)
                }
            }),
        Err(e) => Err(e.to_string()),
    };
    match state {
        Ok(state) => {
            let changes = ops::config_diff(&config, &state);
            if changes.is_empty() {
                println!(
                    "No change against the store at {}.",
                    config.data_path().display()
                );
            } else {
                println!(
                    "Changes against the store at {}:",
                    config.data_path().display()
                );
                for c in changes {
                    println!("  - {c}");
                }
            }
        }
        Err(e) => println!("(could not compare with the store: {e})"),
    }
    ExitCode::SUCCESS
}
