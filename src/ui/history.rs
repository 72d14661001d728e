//! Browsing history: where you were (Back) and where you came back from (Forward).

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History<T> {
    back: Vec<T>,
    forward: Vec<T>,
}

impl<T: PartialEq + Clone> History<T> {
    pub fn new() -> History<T> {
        History {
            back: Vec::new(),
            forward: Vec::new(),
        }
    }

    /// Leaving `here` for somewhere new: it can be gone back to; forward is forgotten.
    pub fn leave(&mut self, here: T) {
        if self.back.last() != Some(&here) {
            self.back.push(here);
        }
        self.forward.clear();
    }

    /// Back from `here`: the place to go to, if any (`here` becomes forward).
    pub fn back(&mut self, here: T) -> Option<T> {
        let to = self.back.pop()?;
        self.forward.push(here);
        Some(to)
    }

    /// Forward from `here`: the place to go to, if any (`here` becomes back).
    pub fn forward(&mut self, here: T) -> Option<T> {
        let to = self.forward.pop()?;
        self.back.push(here);
        Some(to)
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_walk_the_places_visited() {
        let mut history = History::new();
        assert_eq!(history.back(1), None);
        history.leave(1);
        history.leave(2);
        history.leave(2); // leaving the same place twice records it once
        assert_eq!(history.back(3), Some(2));
        assert_eq!(history.back(2), Some(1));
        assert!(!history.can_go_back());
        assert_eq!(history.forward(1), Some(2));
        assert_eq!(history.forward(2), Some(3));
        assert_eq!(history.forward(3), None);
        // A new visit forgets the forward stack.
        assert_eq!(history.back(3), Some(2));
        history.leave(2);
        assert!(!history.can_go_forward());
    }
}
