//! How a notice's photo or voice note went to each messenger other than the one it came
//! from: the messenger's own reference once the file was uploaded to it (Zalo's
//! `attachment_id`, Telegram's `file_id`), or why that messenger's people get the text only.
//! Written once per notice and messenger, so a restart never uploads the file again.
//!
//! One tree, `media_copies`: notice id (8 bytes, big-endian), platform → the copy (JSON).

use serde::{Deserialize, Serialize};

use super::{Result, Store, decode, encode, keys};
use crate::model::FailReason;

/// What a messenger holds of one notice's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaCopy {
    /// Uploaded once; every recipient on this messenger gets it by this reference.
    Uploaded { reference: String },
    /// This messenger's people get the notice's text with a line saying a file came with it.
    TextOnly { why: TextOnlyWhy },
}

/// Why a messenger's people got a media notice as text only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextOnlyWhy {
    /// The messenger cannot carry this kind of file from a bot (Zalo OA and voice notes).
    KindUnsupported,
    /// The file is larger than the messenger takes (`limit` bytes).
    TooLarge { limit: u64 },
    /// Reading the file or uploading it failed, after the tries allowed.
    Failed { reason: FailReason },
}

fn key(notice: u64, platform: &str) -> Vec<u8> {
    keys::delivery(notice, platform)
}

impl Store {
    /// What `platform` holds of notice `notice`'s file, if it was decided.
    pub fn media_copy(&self, notice: u64, platform: &str) -> Result<Option<MediaCopy>> {
        self.media_copies
            .get(key(notice, platform))?
            .map(|v| decode("media_copies", &v))
            .transpose()
    }

    /// Records what `platform` holds of notice `notice`'s file (durable with the next flush,
    /// which every delivery's outcome waits for).
    pub fn set_media_copy(&self, notice: u64, platform: &str, copy: &MediaCopy) -> Result<()> {
        let _gate = self.writing();
        self.media_copies
            .insert(key(notice, platform), encode(copy))?;
        Ok(())
    }

    /// Every messenger's copy of notice `notice`'s file, by platform.
    pub fn media_copies_of(&self, notice: u64) -> Result<Vec<(String, MediaCopy)>> {
        let mut out = Vec::new();
        for kv in self.media_copies.scan_prefix(keys::announcement(notice)) {
            let (k, v) = kv?;
            let platform = String::from_utf8_lossy(&k[8..]).into_owned();
            out.push((platform, decode("media_copies", &v)?));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_kept_per_notice_and_messenger_across_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        {
            let s = Store::open(&path, 8, 1000).unwrap();
            assert_eq!(s.media_copy(7, "zalo").unwrap(), None);
            let up = MediaCopy::Uploaded {
                reference: "att-1".into(),
            };
            s.set_media_copy(7, "zalo", &up).unwrap();
            s.set_media_copy(
                8,
                "zalo",
                &MediaCopy::TextOnly {
                    why: TextOnlyWhy::KindUnsupported,
                },
            )
            .unwrap();
            s.flush().unwrap();
        }
        let s = Store::open(&path, 8, 1000).unwrap();
        assert_eq!(
            s.media_copy(7, "zalo").unwrap(),
            Some(MediaCopy::Uploaded {
                reference: "att-1".into()
            })
        );
        assert_eq!(s.media_copy(7, "telegram").unwrap(), None);
        assert_eq!(s.media_copies_of(7).unwrap().len(), 1);
        assert_eq!(
            s.media_copies_of(8).unwrap(),
            vec![(
                "zalo".to_string(),
                MediaCopy::TextOnly {
                    why: TextOnlyWhy::KindUnsupported
                }
            )]
        );
    }
}
