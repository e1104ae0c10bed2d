//! A notice's photo on Zalo: read once from the messenger the head sent it on, uploaded once
//! (`upload/image`), its `attachment_id` kept in the store (`media_copies`), then an image
//! message to each person. Voice notes cannot go from an OA to a person reliably, so Zalo
//! people get the notice's text, and the head's report counts them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::api::{PLATFORM, ZaloApi};
use crate::delivery::{FetchError, MediaNotice, SendOutcome};
use crate::model::FailReason;
use crate::store::{MediaCopy, Store, TextOnlyWhy};

/// The largest image sent to Zalo. Zalo's published limit for `upload/image` could not be
/// confirmed (third-party copies of the OA docs say 1 MB, JPG or PNG); this conservative
/// figure is used until it is. A larger photo goes as text, and the head's report says so.
pub const MAX_IMAGE_BYTES: u64 = 1_000_000;

/// Tries at reading and uploading one notice's image before its Zalo people get the text.
const UPLOAD_TRIES: u32 = 3;
/// The wait before the second try; doubled before each later one.
const UPLOAD_BACKOFF: Duration = Duration::from_secs(1);

/// Notices whose decision is kept in memory at most (then forgotten and read again).
const KEEP: usize = 1024;

/// The MIME type of an image Zalo's upload takes, from its first bytes: JPEG or PNG.
pub fn image_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Whether a failed read or upload is worth another try.
fn worth_retrying(outcome: &SendOutcome) -> bool {
    matches!(
        outcome,
        SendOutcome::Transient(_) | SendOutcome::RetryAfter(_)
    )
}

/// Each notice's image on Zalo: uploaded once, whatever the number of senders.
pub struct Images {
    api: Arc<ZaloApi>,
    store: Store,
    /// Held while one notice's image is read and uploaded, so the others wait for its
    /// `attachment_id` rather than upload it again; beside it, what was decided.
    decided: tokio::sync::Mutex<HashMap<u64, Option<String>>>,
}

impl Images {
    pub fn new(api: Arc<ZaloApi>, store: Store) -> Images {
        Images {
            api,
            store,
            decided: tokio::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The `attachment_id` of notice `n`'s photo, uploading it on the first call (one at a
    /// time); `None` when its Zalo people get the text (recorded, with why, for the report).
    pub async fn attachment(&self, n: &MediaNotice<'_>) -> Option<String> {
        let mut decided = self.decided.lock().await;
        if let Some(d) = decided.get(&n.notice) {
            return d.clone();
        }
        let found = match self.store.media_copy(n.notice, PLATFORM) {
            Ok(Some(MediaCopy::Uploaded { reference })) => Some(Some(reference)),
            Ok(Some(MediaCopy::TextOnly { .. })) => Some(None),
            Ok(None) => None,
            Err(e) => {
                log::error!("zalo: notice {}: reading its image's upload: {e}", n.notice);
                return None;
            }
        };
        let decision = match found {
            Some(d) => d,
            None => {
                let copy = match self.upload(n).await {
                    Ok(reference) => {
                        log::info!("zalo: notice {}: image uploaded once", n.notice);
                        MediaCopy::Uploaded { reference }
                    }
                    Err(why) => {
                        log::warn!(
                            "zalo: notice {}: image not uploaded ({why:?}); Zalo people get the text",
                            n.notice
                        );
                        MediaCopy::TextOnly { why }
                    }
                };
                // On disk before any image message names it: a crash after this never
                // uploads it again.
                let kept = match self.store.set_media_copy(n.notice, PLATFORM, &copy) {
                    Ok(()) => self.store.flush_async().await,
                    Err(e) => Err(e),
                };
                if let Err(e) = kept {
                    log::error!("zalo: notice {}: keeping its image's upload: {e}", n.notice);
                }
                match copy {
                    MediaCopy::Uploaded { reference } => Some(reference),
                    MediaCopy::TextOnly { .. } => None,
                }
            }
        };
        if decided.len() >= KEEP {
            decided.clear();
        }
        decided.insert(n.notice, decision.clone());
        decision
    }

    /// Records once that notice `n`'s Zalo people get its text (a voice note).
    pub async fn text_only(&self, n: &MediaNotice<'_>, why: TextOnlyWhy) {
        let mut decided = self.decided.lock().await;
        if decided.contains_key(&n.notice) {
            return;
        }
        if !matches!(self.store.media_copy(n.notice, PLATFORM), Ok(Some(_)))
            && let Err(e) =
                self.store
                    .set_media_copy(n.notice, PLATFORM, &MediaCopy::TextOnly { why })
        {
            log::error!("zalo: notice {}: noting it goes as text: {e}", n.notice);
        }
        if decided.len() >= KEEP {
            decided.clear();
        }
        decided.insert(n.notice, None);
    }

    /// Reads the image from where the head sent it and uploads it, each with a few tries.
    async fn upload(&self, n: &MediaNotice<'_>) -> Result<String, TextOnlyWhy> {
        let Some(source) = n.source else {
            return Err(TextOnlyWhy::Failed {
                reason: FailReason::ChannelOff,
            });
        };
        let too_large = TextOnlyWhy::TooLarge {
            limit: MAX_IMAGE_BYTES,
        };
        if n.media.size.is_some_and(|s| s > MAX_IMAGE_BYTES) {
            return Err(too_large);
        }
        let mut wait = UPLOAD_BACKOFF;
        let mut bytes = None;
        for attempt in 1..=UPLOAD_TRIES {
            let last = attempt == UPLOAD_TRIES;
            let image = match &bytes {
                Some(b) => b,
                None => match source.fetch(&n.media.file, MAX_IMAGE_BYTES).await {
                    Ok(b) => bytes.insert(b),
                    Err(FetchError::TooLarge { .. }) => return Err(too_large),
                    Err(FetchError::Failed(reason)) => {
                        log::warn!(
                            "zalo: notice {}: reading its image (try {attempt}): {reason}",
                            n.notice
                        );
                        if last || !transient_reason(&reason) {
                            return Err(TextOnlyWhy::Failed { reason });
                        }
                        tokio::time::sleep(wait).await;
                        wait *= 2;
                        continue;
                    }
                },
            };
            let Some(mime) = image_mime(image) else {
                return Err(TextOnlyWhy::Failed {
                    reason: FailReason::Refused {
                        code: None,
                        words: "not a JPEG or PNG image".into(),
                    },
                });
            };
            match self.api.upload_image(image, mime).await {
                Ok(id) => return Ok(id),
                Err(outcome) => {
                    log::warn!(
                        "zalo: notice {}: uploading its image (try {attempt}): {outcome:?}",
                        n.notice
                    );
                    if last || !worth_retrying(&outcome) {
                        return Err(TextOnlyWhy::Failed {
                            reason: outcome.reason(),
                        });
                    }
                }
            }
            tokio::time::sleep(wait).await;
            wait *= 2;
        }
        unreachable!("the last try returns")
    }
}

/// Whether a reason a file could not be read may pass (network, the messenger busy).
fn transient_reason(reason: &FailReason) -> bool {
    matches!(
        reason,
        FailReason::Network { .. }
            | FailReason::RateLimited
            | FailReason::Refused { code: None, .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_zalo_takes_are_told_by_their_first_bytes() {
        assert_eq!(
            image_mime(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some("image/jpeg")
        );
        assert_eq!(
            image_mime(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(image_mime(b"GIF89a"), None);
        assert_eq!(image_mime(b"OggS\0"), None);
        assert_eq!(image_mime(&[]), None);
    }

    #[test]
    fn only_passing_failures_are_tried_again() {
        let net = FailReason::Network { words: "x".into() };
        assert!(worth_retrying(&SendOutcome::Transient(net.clone())));
        assert!(worth_retrying(&SendOutcome::RetryAfter(
            Duration::from_secs(1)
        )));
        assert!(!worth_retrying(&SendOutcome::Permanent(net.clone())));
        assert!(transient_reason(&net));
        assert!(!transient_reason(&FailReason::ChannelOff));
        assert!(!transient_reason(&FailReason::Refused {
            code: Some(404),
            words: "gone".into()
        }));
    }
}
