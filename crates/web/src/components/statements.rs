//! The statements the engine read, one card each.

use crate::state::StatementView;
use yew::prelude::*;

/// Props of [`Statements`].
#[derive(Properties, PartialEq)]
pub struct StatementsProps {
    /// The statements, in policy order.
    pub statements: Vec<StatementView>,
}

fn values(label: &str, values: &[String]) -> Html {
    html! {
        <div class="element">
            <span class="element-name">{ label }</span>
            <ul class="element-values">
                { for values.iter().map(|v| html! { <li><code>{ v }</code></li> }) }
            </ul>
        </div>
    }
}

/// Each statement's effect, principal, actions, resources and condition count.
#[component]
pub fn Statements(props: &StatementsProps) -> Html {
    let cards = props.statements.iter().map(|s| {
        let title = match &s.sid {
            Some(sid) => format!("#{} {sid}", s.index + 1),
            None => format!("#{}", s.index + 1),
        };
        let effect_class = classes!("effect", s.effect.to_ascii_lowercase());
        html! {
            <li class="statement" data-testid="statement">
                <header>
                    <span class="statement-title">{ title }</span>
                    <span class={effect_class} data-testid="effect">{ &s.effect }</span>
                </header>
                if let Some(principal) = &s.principal {
                    { values("Principal", std::slice::from_ref(principal)) }
                }
                if let Some((label, list)) = &s.actions {
                    { values(label, list) }
                }
                if let Some((label, list)) = &s.resources {
                    { values(label, list) }
                }
                if s.conditions > 0 {
                    <div class="element">
                        <span class="element-name">{ "Condition" }</span>
                        <span>{ format!("{} operator block(s)", s.conditions) }</span>
                    </div>
                }
            </li>
        }
    });
    html! {
        <ol class="statements" data-testid="statements">{ for cards }</ol>
    }
}
