//! Whether a mutation may go ahead: the one decision for the dashboard and the headless
//! commands, and the one wording of its refusals (in toasts, on stderr and in the audit log).

use crate::model::Env;

use super::request::MutationRequest;

/// Who is asking, which decides how a mutation is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A person at a terminal: a dialog asks, and in prod the target's name is typed.
    Interactive,
    /// No terminal (`eduops check`): `yes` (`--yes`) stands for the typed name in prod.
    Headless { yes: bool },
}

/// The read-only switches that apply to a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOnly {
    /// `--read-only` on the command line.
    pub flag: bool,
    /// `read_only = true` for the request's environment in the configuration.
    pub env: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nothing is sent; the refusal is audited.
    Refuse(Refusal),
    /// Ask first: a dialog that defaults to Cancel, with the target's name typed when asked.
    Confirm { typed_name: bool },
    /// Send it.
    Proceed,
}

/// Why a mutation was refused. Its `Display` is the one wording: the audit outcome is
/// `refused: {refusal}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    ReadOnlyFlag,
    ReadOnlyConfig(Env),
    /// Prod needs the target's name typed, and without a terminal only `--yes` can stand for it.
    ProdNeedsYes,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::ReadOnlyFlag => write!(f, "read-only (--read-only)"),
            Refusal::ReadOnlyConfig(env) => write!(
                f,
                "read-only (read_only = true for {env} in the configuration)"
            ),
            Refusal::ProdNeedsYes => {
                write!(f, "prod requires --yes (no prompt without a terminal)")
            }
        }
    }
}

/// The gate: read-only refuses; otherwise a person confirms (typing the name in prod), and a
/// headless command proceeds, in prod only with `--yes`.
pub fn decide(req: &MutationRequest, read_only: ReadOnly, mode: Mode) -> Decision {
    if read_only.flag {
        return Decision::Refuse(Refusal::ReadOnlyFlag);
    }
    if read_only.env {
        return Decision::Refuse(Refusal::ReadOnlyConfig(req.env));
    }
    let typed_name = req.env == Env::Prod;
    match mode {
        Mode::Interactive => Decision::Confirm { typed_name },
        Mode::Headless { yes } if typed_name && !yes => Decision::Refuse(Refusal::ProdNeedsYes),
        Mode::Headless { .. } => Decision::Proceed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mutation::Operation;

    fn req(env: Env) -> MutationRequest {
        MutationRequest::new(1, env, Operation::Restart, "cg".into(), "/id/cg".into())
    }

    const RW: ReadOnly = ReadOnly {
        flag: false,
        env: false,
    };

    #[test]
    fn read_only_refuses_in_every_mode_and_the_flag_is_named_first() {
        let both = ReadOnly {
            flag: true,
            env: true,
        };
        let config = ReadOnly {
            flag: false,
            env: true,
        };
        for mode in [
            Mode::Interactive,
            Mode::Headless { yes: true },
            Mode::Headless { yes: false },
        ] {
            assert_eq!(
                decide(&req(Env::Dev), both, mode),
                Decision::Refuse(Refusal::ReadOnlyFlag)
            );
            assert_eq!(
                decide(&req(Env::Staging), config, mode),
                Decision::Refuse(Refusal::ReadOnlyConfig(Env::Staging))
            );
        }
    }

    #[test]
    fn a_person_confirms_and_types_the_name_only_in_prod() {
        assert_eq!(
            decide(&req(Env::Prod), RW, Mode::Interactive),
            Decision::Confirm { typed_name: true }
        );
        assert_eq!(
            decide(&req(Env::Dev), RW, Mode::Interactive),
            Decision::Confirm { typed_name: false }
        );
    }

    #[test]
    fn headless_needs_yes_in_prod_only() {
        assert_eq!(
            decide(&req(Env::Prod), RW, Mode::Headless { yes: false }),
            Decision::Refuse(Refusal::ProdNeedsYes)
        );
        assert_eq!(
            decide(&req(Env::Prod), RW, Mode::Headless { yes: true }),
            Decision::Proceed
        );
        assert_eq!(
            decide(&req(Env::Staging), RW, Mode::Headless { yes: false }),
            Decision::Proceed
        );
    }

    #[test]
    fn refusals_have_one_wording() {
        assert_eq!(Refusal::ReadOnlyFlag.to_string(), "read-only (--read-only)");
        assert_eq!(
            Refusal::ReadOnlyConfig(Env::Dev).to_string(),
            "read-only (read_only = true for dev in the configuration)"
        );
        assert_eq!(
            Refusal::ProdNeedsYes.to_string(),
            "prod requires --yes (no prompt without a terminal)"
        );
    }
}
