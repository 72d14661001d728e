//! The terminal guard: whatever stops or ends nisso while the explorer holds the terminal,
//! the terminal is given back as it was — main screen, cursor shown, mouse and paste modes
//! off, cooked mode — and a stopped explorer takes it again and redraws when continued.
//!
//! Signal handlers here do only what is safe in a handler: `write(2)` of fixed escape
//! sequences, `tcsetattr(2)` with modes saved beforehand, `raise(2)`, resetting a handler
//! and atomics. Covered: every signal whose default ends the process (TERM, HUP, INT, QUIT,
//! USR1, USR2, ALRM, ABRT, FPE, ILL, TRAP, SYS, XCPU, XFSZ, VTALRM, PROF: nisso then ends by
//! that signal, as it would have) and job control (TSTP stops after leaving the screen, CONT
//! takes the terminal back). SEGV and BUS stay with Rust's own handler, which reports a stack
//! overflow and aborts (then ABRT restores). Ctrl-Z reaches a raw-mode program as a key: the
//! keymap turns it into `Action::Suspend`, and the loop calls `suspend`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The terminal's modes before raw mode, and in raw mode (to take it back after a stop).
static COOKED: OnceLock<libc::termios> = OnceLock::new();
static RAW: OnceLock<libc::termios> = OnceLock::new();
/// The explorer holds the terminal (between `take` and `give_back`).
static HELD: AtomicBool = AtomicBool::new(false);
/// The terminal was taken back after a stop: the next frame must be drawn whole.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Mouse reporting off (every mode crossterm turns on), bracketed paste off, main screen,
/// cursor shown.
const LEAVE: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";
/// The reverse, as the explorer sets the terminal up.
const ENTER: &[u8] =
    b"\x1b[?1049h\x1b[?2004h\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h\x1b[?25l";

const TERMINATING: [libc::c_int; 16] = [
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGABRT,
    libc::SIGFPE,
    libc::SIGILL,
    libc::SIGTRAP,
    libc::SIGSYS,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    libc::SIGVTALRM,
    libc::SIGPROF,
];

/// Save the terminal's modes and install the handlers; call before raw mode is entered.
pub fn install() {
    if let Some(modes) = modes_now() {
        let _ = COOKED.set(modes);
    }
    for signal in TERMINATING {
        set_handler(signal, on_terminating_signal);
    }
    set_handler(libc::SIGTSTP, on_stop);
    set_handler(libc::SIGCONT, on_continue);
}

/// The explorer has set the terminal up (raw mode, alternate screen, mouse): from now on a
/// signal gives it back first.
pub fn take() {
    if let Some(modes) = modes_now() {
        let _ = RAW.set(modes);
    }
    HELD.store(true, Ordering::SeqCst);
}

/// The explorer gives the terminal back itself (quit, error, panic): signals need not.
pub fn give_back() {
    HELD.store(false, Ordering::SeqCst);
}

/// Stop as Ctrl-Z would stop a program in cooked mode: leave the screen, stop; on `fg`,
/// take the terminal back (the caller then redraws everything, see `take_resumed`).
pub fn suspend() {
    // SAFETY: raise(2) runs our SIGTSTP handler on this thread (or stops the process).
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
}

/// Whether the terminal was taken back after a stop since the last call: the screen's
/// contents are unknown, so the next frame must be drawn whole.
pub fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

fn modes_now() -> Option<libc::termios> {
    // SAFETY: tcgetattr writes a termios into the zeroed value we own; checked for errors.
    unsafe {
        let mut modes: libc::termios = std::mem::zeroed();
        (libc::tcgetattr(libc::STDIN_FILENO, &mut modes) == 0).then_some(modes)
    }
}

fn set_handler(signal: libc::c_int, handler: extern "C" fn(libc::c_int)) {
    // SAFETY: sigaction with a zeroed, then filled, struct; the handler is a plain
    // `extern "C"` function that only makes async-signal-safe calls.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler as usize;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(signal, &action, std::ptr::null_mut());
    }
}

/// Write all of `bytes` to standard output, from a handler (no locks, no allocation).
fn write_all(mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: write(2) from a valid slice.
        let written =
            unsafe { libc::write(libc::STDOUT_FILENO, bytes.as_ptr().cast(), bytes.len()) };
        if written <= 0 {
            return;
        }
        bytes = &bytes[written as usize..];
    }
}

fn set_modes(modes: Option<&libc::termios>) {
    if let Some(modes) = modes {
        // SAFETY: tcsetattr with a termios saved by tcgetattr.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, modes);
        }
    }
}

fn leave_screen() {
    write_all(LEAVE);
    set_modes(COOKED.get());
}

extern "C" fn on_terminating_signal(signal: libc::c_int) {
    if HELD.swap(false, Ordering::SeqCst) {
        leave_screen();
    }
    // End by the signal itself, as without this handler: its default action, once this
    // handler returns (the signal is blocked until then).
    // SAFETY: signal(2) and raise(2) are async-signal-safe.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

extern "C" fn on_stop(_: libc::c_int) {
    if HELD.load(Ordering::SeqCst) {
        leave_screen();
    }
    // SIGSTOP cannot be caught: the process stops here, and goes on after SIGCONT (whose
    // handler takes the terminal back).
    // SAFETY: raise(2) is async-signal-safe.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
}

extern "C" fn on_continue(_: libc::c_int) {
    if !HELD.load(Ordering::SeqCst) {
        return;
    }
    // The shell may have changed the modes while nisso was stopped (or nisso was stopped
    // by SIGSTOP without leaving the screen): set them again either way.
    set_modes(RAW.get());
    write_all(ENTER);
    RESUMED.store(true, Ordering::SeqCst);
    // A resize event wakes the event loop, which then redraws the whole screen.
    // SAFETY: raise(2) is async-signal-safe; crossterm's SIGWINCH handler only writes to
    // its wake-up pipe.
    unsafe {
        libc::raise(libc::SIGWINCH);
    }
}
