//! Data kinds, visibilities and training purposes, with their stable string names.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// The kind of an item of member data. Every item has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `profile.headline`
    ProfileHeadline,
    /// `profile.about`
    ProfileAbout,
    /// `profile.experience`
    ProfileExperience,
    /// `profile.skills`
    ProfileSkills,
    /// `post`
    Post,
    /// `article`
    Article,
    /// `comment`
    Comment,
    /// `message`: private 1:1 messages. Never eligible.
    Message,
    /// `credential`. Never eligible.
    Credential,
    /// `email`. Never eligible.
    Email,
    /// `phone`. Never eligible.
    Phone,
    /// `birth_date`. Never eligible.
    BirthDate,
    /// `payment`. Never eligible.
    Payment,
}

impl Kind {
    /// Every kind, in a stable order.
    pub const ALL: [Kind; 13] = [
        Kind::ProfileHeadline,
        Kind::ProfileAbout,
        Kind::ProfileExperience,
        Kind::ProfileSkills,
        Kind::Post,
        Kind::Article,
        Kind::Comment,
        Kind::Message,
        Kind::Credential,
        Kind::Email,
        Kind::Phone,
        Kind::BirthDate,
        Kind::Payment,
    ];

    /// The stable name used in policies, Parquet and manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ProfileHeadline => "profile.headline",
            Kind::ProfileAbout => "profile.about",
            Kind::ProfileExperience => "profile.experience",
            Kind::ProfileSkills => "profile.skills",
            Kind::Post => "post",
            Kind::Article => "article",
            Kind::Comment => "comment",
            Kind::Message => "message",
            Kind::Credential => "credential",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::BirthDate => "birth_date",
            Kind::Payment => "payment",
        }
    }

    /// Hard exclusions: kinds that no policy can make eligible for any purpose.
    pub fn is_hard_excluded(self) -> bool {
        matches!(self, Kind::Message | Kind::Credential | Kind::Email | Kind::Phone | Kind::BirthDate | Kind::Payment)
    }

    /// Why a hard-excluded kind can never be eligible, for error messages.
    pub(crate) fn hard_exclusion_reason(self) -> &'static str {
        match self {
            Kind::Message => "private messages are never used for AI training",
            Kind::Credential => "credentials are never used for AI training",
            Kind::Email | Kind::Phone => "contact data is never used for AI training",
            Kind::BirthDate => "birth dates are never used for AI training",
            Kind::Payment => "payment data is never used for AI training",
            _ => "",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::Value(format!("unknown data kind `{s}`; known kinds: {}", names(&Kind::ALL))))
    }
}

/// Who may see an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Anyone, including logged-out visitors.
    Public,
    /// The member's connections only.
    Connections,
    /// The member alone.
    Private,
}

impl Visibility {
    /// Every visibility.
    pub const ALL: [Visibility; 3] = [Visibility::Public, Visibility::Connections, Visibility::Private];

    /// The stable name (`public`, `connections`, `private`).
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Connections => "connections",
            Visibility::Private => "private",
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| Error::Value(format!("unknown visibility `{s}`; expected public, connections or private")))
    }
}

/// What member data may be used for. Aligned with the IETF AIPREF vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// Training content-generating models; governed by *Data for Generative AI Improvement*.
    TrainGenai,
    /// Training non-generative models (suggestions); governed by *Data for AI-powered recommendations*.
    TrainAi,
}

impl Purpose {
    /// Both purposes.
    pub const ALL: [Purpose; 2] = [Purpose::TrainGenai, Purpose::TrainAi];

    /// The stable name (`train-genai`, `train-ai`).
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::TrainGenai => "train-genai",
            Purpose::TrainAi => "train-ai",
        }
    }

    /// The member-facing name of the setting that governs this purpose.
    pub fn setting_name(self) -> &'static str {
        match self {
            Purpose::TrainGenai => "Data for Generative AI Improvement",
            Purpose::TrainAi => "Data for AI-powered recommendations",
        }
    }

    /// A dense index (0 or 1), for tables keyed by purpose.
    pub fn index(self) -> usize {
        match self {
            Purpose::TrainGenai => 0,
            Purpose::TrainAi => 1,
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Purpose {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Purpose::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| Error::Value(format!("unknown purpose `{s}`; expected train-genai or train-ai")))
    }
}

fn names(kinds: &[Kind]) -> String {
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        for p in Purpose::ALL {
            assert_eq!(p.as_str().parse::<Purpose>().unwrap(), p);
        }
        for v in Visibility::ALL {
            assert_eq!(v.as_str().parse::<Visibility>().unwrap(), v);
        }
        assert!("profile".parse::<Kind>().unwrap_err().to_string().contains("profile.headline"));
    }

    #[test]
    fn exactly_the_design_hard_exclusions() {
        let hard: Vec<_> = Kind::ALL.into_iter().filter(|k| k.is_hard_excluded()).map(Kind::as_str).collect();
        assert_eq!(hard, ["message", "credential", "email", "phone", "birth_date", "payment"]);
    }
}
