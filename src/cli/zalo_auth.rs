//! `loaban zalo-auth`: the Zalo OA's one-time OAuth (PKCE) authorisation from the command line.

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use loaban::channels::zalo::oauth;
use loaban::config::Config;

#[derive(Subcommand)]
pub enum ZaloAuthStep {
    /// Print the permission page to open in a browser, logged in as the OA's admin.
    Url {
        /// The callback URL registered in the app's settings (Zalo redirects there).
        #[arg(long)]
        redirect_uri: String,
    },
    /// Exchange the `code=` value from the redirected address for the first tokens.
    Code { code: String },
}

/// The one-time OAuth authorisation of the Zalo app (PKCE). The verifier waits in a file
/// next to the store (mode 600) between the two steps.
pub async fn run(config: &Config, step: ZaloAuthStep) -> anyhow::Result<ExitCode> {
    let zalo = config
        .zalo
        .as_ref()
        .context("config.toml has no [zalo] section; add it with the app_id first")?;
    let pending_path = config.data_path().with_extension("zalo-oauth.json");
    match step {
        ZaloAuthStep::Url { redirect_uri } => {
            let pending = oauth::new_pending(&redirect_uri).context("reading /dev/urandom")?;
            if let Some(dir) = pending_path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(&pending_path, &serde_json::to_vec(&pending)?)
                .with_context(|| format!("writing {}", pending_path.display()))?;
            println!(
                "1. Open this page in a browser, logged in to Zalo as the OA's admin, and allow access:\n\n{}\n\n\
                 2. Zalo then opens {redirect_uri}?code=…; copy the code= value from the address bar.\n\
                 3. Run: loaban zalo-auth code <that value>",
                oauth::permission_url(&zalo.oauth_url, &zalo.app_id, &pending)
            );
            Ok(ExitCode::SUCCESS)
        }
        ZaloAuthStep::Code { code } => {
            let text = std::fs::read(&pending_path).with_context(|| {
                format!(
                    "reading {}: run `loaban zalo-auth url --redirect-uri …` first",
                    pending_path.display()
                )
            })?;
            let pending: oauth::Pending = serde_json::from_slice(&text).with_context(|| {
                format!(
                    "{} is damaged; run `zalo-auth url` again",
                    pending_path.display()
                )
            })?;
            let secret = std::env::var("ZALO_APP_SECRET_KEY")
                .ok()
                .or_else(|| zalo.app_secret_key.clone())
                .filter(|s| !s.trim().is_empty())
                .context("no app secret key: set ZALO_APP_SECRET_KEY or [zalo] app_secret_key")?;
            let tokens = oauth::exchange(
                &zalo.oauth_url,
                &zalo.app_id,
                secret.trim(),
                code.trim(),
                &pending,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let _ = std::fs::remove_file(&pending_path);
            println!(
                "Zalo authorised the app for the OA. Put these two lines in /etc/loaban/env \
                 (instead of the old ones), then run: systemctl restart loaban\n\
                 ZALO_ACCESS_TOKEN={}\nZALO_REFRESH_TOKEN={}",
                tokens.access_token,
                tokens.refresh_token.unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Creates `path` readable by its owner only (0600 whatever the umask), then writes `bytes`.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    loaban::private::create_file(path)?.write_all(bytes)
}
