//! What a delivery sends, rendered once per announcement and language (and which notice a
//! correction revises, read once), kept for the announcements still running.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::Worker;
use crate::core::{announcement_for_recipient, text_only_for_recipient};
use crate::message::{NoticeMedia, OutMessage};
use crate::store::{Carries, Delivery, Revision, StoreError};

/// An announcement's text in one language; `None` when the announcement is gone.
pub(super) type Rendered = Option<Arc<Notice>>;

/// What one delivery sends: the message, and the file a media notice carries.
pub(super) struct Notice {
    pub(super) message: OutMessage,
    pub(super) media: Option<NoticeFile>,
}

/// A notice's photo or voice note, with the notice as text for where the file cannot go.
pub(super) struct NoticeFile {
    pub(super) media: NoticeMedia,
    pub(super) text_only: OutMessage,
}

impl Notice {
    pub(super) fn text(message: OutMessage) -> Arc<Notice> {
        Arc::new(Notice {
            message,
            media: None,
        })
    }
}

/// Rendered texts kept at most (a few per running announcement); beyond, start afresh.
const RENDERED_KEEP: usize = 64;

impl Worker {
    /// What `d`'s recipient receives: rendered once per announcement and language.
    pub(super) fn message_for(&self, d: &Delivery) -> Result<Rendered, StoreError> {
        let store = self.core.store();
        let locale = match d.locale {
            Some(l) => l,
            // Queued before recipients' languages were stored with the announcement.
            None => store
                .user(&d.recipient)?
                .and_then(|u| u.locale)
                .unwrap_or(self.core.config().default_locale),
        };
        if !matches!(d.carries(), Carries::Announcement(_)) {
            // A question to one officer or an answer to one villager: sent once, not cached.
            return Ok(self.core.direct_message(d, locale)?.map(Notice::text));
        }
        let key = (d.announcement, locale);
        let revisions = store.revisions_made();
        if self.rendered_at.swap(revisions, Ordering::SeqCst) != revisions {
            self.rendered.lock().expect("render lock").clear();
        }
        if let Some(m) = self.rendered.lock().expect("render lock").get(&key) {
            return Ok(m.clone());
        }
        let message = store.announcement(d.announcement)?.map(|ann| {
            Arc::new(Notice {
                message: announcement_for_recipient(&self.core, &ann, locale),
                media: ann.media.clone().map(|media| NoticeFile {
                    media,
                    text_only: text_only_for_recipient(&self.core, &ann, locale),
                }),
            })
        });
        let mut cache = self.rendered.lock().expect("render lock");
        if cache.len() >= RENDERED_KEEP {
            cache.clear();
        }
        cache.insert(key, message.clone());
        Ok(message)
    }

    /// The notice `d`'s announcement corrects or withdraws, if it is a revision.
    pub(super) fn revision_of(&self, d: &Delivery) -> Result<Option<Revision>, StoreError> {
        if !matches!(d.carries(), Carries::Announcement(_)) {
            return Ok(None);
        }
        if let Some(r) = self
            .revises
            .lock()
            .expect("revises lock")
            .get(&d.announcement)
        {
            return Ok(*r);
        }
        let r = self
            .core
            .store()
            .announcement(d.announcement)?
            .and_then(|a| a.revises);
        let mut known = self.revises.lock().expect("revises lock");
        if known.len() >= RENDERED_KEEP {
            known.clear();
        }
        known.insert(d.announcement, r);
        Ok(r)
    }
}
