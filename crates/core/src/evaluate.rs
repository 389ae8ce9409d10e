//! Evaluating one statement against a prepared request, and saying why it did not apply.

use crate::arn::ArnPattern;
use crate::compile::{CompiledStatement, Matcher, PrincipalMatcher, ResourcePattern};
use crate::glob::Glob;
use crate::principal::{Caller, PrincipalMatch, match_principal};
use crate::request::Request;
use crate::span::Span;

/// A request prepared once for many evaluations: the action folded to lowercase and the
/// caller classified.
#[derive(Debug, Clone)]
pub struct PreparedRequest<'r> {
    /// The request.
    pub request: &'r Request,
    /// The action, lowercased (actions are case-insensitive).
    pub action_lower: String,
    /// The calling principal, classified.
    pub caller: Caller,
}

impl<'r> PreparedRequest<'r> {
    /// Prepare a request.
    pub fn new(request: &'r Request) -> Self {
        Self {
            request,
            action_lower: request.action.to_ascii_lowercase(),
            caller: Caller::parse(&request.principal),
        }
    }
}

/// Why a statement did not apply to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// `Action`/`NotAction` did not match; the span is the element's.
    Action(Span),
    /// `Resource`/`NotResource` did not match.
    Resource(Span),
    /// `Principal`/`NotPrincipal` did not match.
    Principal(Span),
    /// The condition at this index of the statement's conditions did not hold.
    Condition(usize),
}

/// A statement that applies, and how its principal matched (for resource-based policies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applies {
    /// How `Principal` matched (`NotPrincipal` that excludes someone else counts as `*`);
    /// `None` for statements without a principal element.
    pub principal: Option<PrincipalMatch>,
}

/// Whether a statement applies to the request, checking action, resource, principal and then
/// conditions, and stopping at the first part that does not match. Allocates nothing unless
/// the statement uses policy variables in `Resource`.
pub fn statement_applies(
    statement: &CompiledStatement,
    request: &PreparedRequest<'_>,
) -> Result<Applies, Mismatch> {
    applies(statement, request, true)
}

/// Whether a resource-based `Deny` with `NotPrincipal` denies this request although it names the
/// caller: it denies every IAM principal that has a permissions boundary, whatever it names
/// (IAM User Guide, "Permissions boundaries for IAM entities"; "NotPrincipal").
pub fn not_principal_deny_ignores_exception(
    statement: &CompiledStatement,
    request: &PreparedRequest<'_>,
    caller_has_boundary: bool,
) -> bool {
    caller_has_boundary
        && statement.effect == crate::policy::Effect::Deny
        && statement.principal.as_ref().is_some_and(|p| p.negated)
        && request.caller.account().is_some()
        && applies(statement, request, false).is_ok()
}

fn applies(
    statement: &CompiledStatement,
    request: &PreparedRequest<'_>,
    check_principal: bool,
) -> Result<Applies, Mismatch> {
    if let Some(action) = &statement.action {
        if !list_matches(action, |glob: &Glob| glob.matches(&request.action_lower)) {
            return Err(Mismatch::Action(action.span));
        }
    }
    if let Some(resource) = &statement.resource {
        let context = &request.request.context;
        let target = request.request.resource.as_str();
        let matched = list_matches(resource, |pattern: &ResourcePattern| match pattern {
            ResourcePattern::Fixed(arn) => arn.matches(target),
            ResourcePattern::Template(template) => template
                .resolve_pattern(context)
                .is_some_and(|resolved| ArnPattern::new(&resolved).matches(target)),
        });
        if !matched {
            return Err(Mismatch::Resource(resource.span));
        }
    }
    let principal = match statement.principal.as_ref().filter(|_| check_principal) {
        Some(matcher) => match principal_matches(matcher, request) {
            Some(found) => found,
            None => return Err(Mismatch::Principal(matcher.span)),
        },
        None => None,
    };
    for (index, condition) in statement.conditions.iter().enumerate() {
        if !condition.holds(&request.request.context) {
            return Err(Mismatch::Condition(index));
        }
    }
    Ok(Applies { principal })
}

/// Whether any pattern matches, inverted for the `Not…` form.
fn list_matches<T>(matcher: &Matcher<T>, matches: impl Fn(&T) -> bool) -> bool {
    matcher.patterns.iter().any(matches) != matcher.negated
}

/// `Some(how)` when the element applies to the caller.
fn principal_matches(
    matcher: &PrincipalMatcher,
    request: &PreparedRequest<'_>,
) -> Option<Option<PrincipalMatch>> {
    let best = if matcher.any {
        Some(PrincipalMatch::Wildcard)
    } else {
        matcher
            .values
            .iter()
            .filter_map(|(kind, value)| {
                match_principal(*kind, value, &request.caller, &request.request.principal)
            })
            .max()
    };
    match (matcher.negated, best) {
        (false, Some(found)) => Some(Some(found)),
        (false, None) => None,
        (true, Some(_)) => None,
        (true, None) => Some(Some(PrincipalMatch::Wildcard)),
    }
}
