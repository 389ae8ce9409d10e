//! The list of problems found in the policy, each with its line and column.

use crate::state::ProblemView;
use yew::prelude::*;

/// Props of [`Problems`].
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// The problems, in source order.
    pub problems: Vec<ProblemView>,
    /// Called with the UTF-16 range of a problem the user clicked.
    pub on_select: Callback<(u32, u32)>,
}

/// Every problem, as a button that selects the offending text.
#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    if props.problems.is_empty() {
        return html! {};
    }
    let items = props.problems.iter().map(|p| {
        let on_select = props.on_select.clone();
        let range = (p.utf16_start, p.utf16_end);
        let onclick = Callback::from(move |_: MouseEvent| on_select.emit(range));
        let severity = p.severity.as_str();
        html! {
            <li data-testid="problem" class={classes!("problem", severity.replace(' ', "-"))}>
                <button type="button" class="problem-place" {onclick}
                    title="select this place in the policy">
                    { format!("line {}, column {}", p.line, p.column) }
                </button>
                <span class="problem-severity">{ severity }</span>
                <span class="problem-message">{ &p.message }</span>
                <code class="problem-code">{ p.code }</code>
                if let Some(help) = &p.help {
                    <div class="problem-help">{ help }</div>
                }
            </li>
        }
    });
    html! {
        <ol class="problems" data-testid="problems">{ for items }</ol>
    }
}
