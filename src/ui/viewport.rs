//! One scrolling model for every list and text pane, overlays included: a window of
//! `height` rows over `len` rows, starting at `offset`, with a selected row.
//!
//! Text panes (details, help) scroll the window itself (`scroll`); lists (timeline, links,
//! search results) move the selection and the window follows (`select`, `step`).

pub use super::action::Step;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    /// First visible row.
    pub offset: usize,
    /// Selected row (0 when the list is empty).
    pub selected: usize,
    /// Rows in the list.
    pub len: usize,
    /// Visible rows; 0 before the first layout.
    pub height: usize,
}

impl Viewport {
    pub fn new(len: usize) -> Viewport {
        Viewport {
            len,
            ..Viewport::default()
        }
    }

    /// The rows on screen.
    pub fn visible(&self) -> std::ops::Range<usize> {
        self.offset..(self.offset + self.height).min(self.len)
    }

    /// A new list length: selection and window stay inside it.
    pub fn set_len(&mut self, len: usize) {
        self.len = len;
        self.clamp();
    }

    /// A new window height (after a resize or layout change).
    pub fn set_height(&mut self, height: usize) {
        self.height = height;
        self.clamp();
    }

    fn target(&self, from: usize, step: Step) -> usize {
        let last = self.len.saturating_sub(1);
        match step {
            Step::By(delta) => from.saturating_add_signed(delta).min(last),
            Step::Pages(pages) => {
                let page = self.height.max(1) as isize;
                from.saturating_add_signed(pages.saturating_mul(page))
                    .min(last)
            }
            Step::Top => 0,
            Step::Bottom => last,
        }
    }

    /// Move the selection; the window follows.
    pub fn step(&mut self, step: Step) {
        self.select(self.target(self.selected, step));
    }

    /// Select a row (clamped); the window follows.
    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.len.saturating_sub(1));
        self.keep_in_view(0);
    }

    /// Scroll the window without a selection (text panes). The window never starts past
    /// the point where its last page is full.
    pub fn scroll(&mut self, step: Step) {
        let last_top = self.len.saturating_sub(self.height.max(1));
        self.offset = self.target(self.offset, step).min(last_top);
    }

    /// Scroll the window so the selection is visible, with `context` rows above it kept
    /// in view when scrolling up (a group heading above its first row).
    pub fn keep_in_view(&mut self, context: usize) {
        // Before the first layout the height is unknown: where the window goes is decided
        // once it is (a window of one row would scroll a heading out of view for good).
        if self.height == 0 {
            self.clamp();
            return;
        }
        let height = self.height;
        if self.selected < self.offset {
            self.offset = self.selected.saturating_sub(context);
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.clamp();
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.len.saturating_sub(1));
        let last_top = self.len.saturating_sub(self.height.max(1));
        self.offset = self.offset.min(last_top);
        if self.height > 0 && self.selected >= self.offset + self.height {
            self.offset = self.selected + 1 - self.height;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(len: usize, height: usize) -> Viewport {
        let mut v = Viewport::new(len);
        v.set_height(height);
        v
    }

    #[test]
    fn stepping_moves_the_selection_and_the_window_follows() {
        let mut v = view(100, 10);
        v.step(Step::By(1));
        assert_eq!((v.selected, v.offset), (1, 0));
        v.step(Step::By(12));
        assert_eq!((v.selected, v.offset), (13, 4));
        v.step(Step::Pages(1));
        assert_eq!((v.selected, v.offset), (23, 14));
        v.step(Step::Bottom);
        assert_eq!((v.selected, v.offset), (99, 90));
        v.step(Step::By(5));
        assert_eq!(v.selected, 99, "clamped at the end");
        v.step(Step::Pages(-3));
        assert_eq!((v.selected, v.offset), (69, 69));
        v.step(Step::Top);
        assert_eq!((v.selected, v.offset), (0, 0));
        v.step(Step::By(-5));
        assert_eq!(v.selected, 0, "clamped at the start");
        assert_eq!(v.visible(), 0..10);
    }

    #[test]
    fn scrolling_moves_the_window_only_and_stops_at_a_full_last_page() {
        let mut v = view(30, 10);
        v.scroll(Step::Pages(1));
        assert_eq!(v.offset, 10);
        v.scroll(Step::Bottom);
        assert_eq!(v.offset, 20);
        v.scroll(Step::By(3));
        assert_eq!(v.offset, 20);
        v.scroll(Step::By(-25));
        assert_eq!(v.offset, 0);
        assert_eq!(v.selected, 0);
    }

    #[test]
    fn context_keeps_a_heading_above_the_selection() {
        let mut v = view(50, 5);
        v.select(30);
        v.select(20);
        v.keep_in_view(1);
        assert_eq!(v.offset, 20);
        v.offset = 25;
        v.keep_in_view(1);
        assert_eq!(v.offset, 19);
    }

    #[test]
    fn empty_lists_tiny_windows_and_shrinking_lists_are_safe() {
        let mut v = view(0, 10);
        for step in [Step::By(3), Step::Pages(-2), Step::Top, Step::Bottom] {
            v.step(step);
            v.scroll(step);
            assert_eq!((v.selected, v.offset), (0, 0));
        }
        assert_eq!(v.visible(), 0..0);
        let mut v = view(40, 0);
        v.step(Step::Pages(1));
        assert_eq!(v.selected, 1, "a page is at least one row");
        assert_eq!(
            v.offset, 0,
            "no window is placed before the height is known"
        );
        let mut v = view(40, 10);
        v.select(35);
        v.set_len(12);
        assert_eq!((v.selected, v.offset), (11, 2));
        v.set_height(20);
        assert_eq!(v.offset, 0);
    }
}
