//! The page paints its verdicts first: the first frame holds the page's frame and the requests
//! with their verdicts, as text; the requests' fields, the composer and the report are built
//! just after that frame is painted. Building it all at once kept the first verdicts off the
//! screen while the browser set up, laid out and painted every field on the page.

use gloo_render::{AnimationFrame, request_animation_frame};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// False while the page's first frame is being built and painted, then true for good.
#[hook]
pub fn use_first_paint() -> bool {
    let painted = use_state_eq(|| false);
    {
        let painted = painted.clone();
        use_effect_with((), move |()| {
            // A task queued from an animation-frame callback runs once that frame is painted.
            let after: Rc<RefCell<Option<Timeout>>> = Rc::default();
            let frame: AnimationFrame = {
                let after = after.clone();
                request_animation_frame(move |_| {
                    *after.borrow_mut() = Some(Timeout::new(0, move || painted.set(true)));
                })
            };
            move || drop((frame, after))
        });
    }
    *painted
}
