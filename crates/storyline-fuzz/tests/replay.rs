//! Issue 17: every input saved under `fuzz/regressions/<target>/` — each crash the
//! fuzzer found and each shape that once crashed, hung or flooded Storyline — runs
//! through its target on every `cargo test`. An input passes when its target
//! returns within a minute (a hang detector, not a speed test) and nothing in it
//! panicked — even a panic the engine caught and reported against the document,
//! since every such panic is a bug.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn issue_17_saved_fuzz_inputs_replay_without_a_panic_or_a_hang() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    static PANICKED: AtomicBool = AtomicBool::new(false);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::SeqCst);
        default_hook(info);
    }));
    let mut replayed = 0;
    for &(name, target) in storyline_fuzz::TARGETS {
        let dir = root.join(name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "no saved inputs for the {name} target");
        for path in inputs {
            let data = std::fs::read(&path).unwrap();
            let (done, finished) = mpsc::channel();
            let label = path.display().to_string();
            std::thread::Builder::new()
                .name(label.clone())
                .spawn(move || {
                    target(&data);
                    let _ = done.send(());
                })
                .unwrap();
            match finished.recv_timeout(Duration::from_secs(60)) {
                Ok(()) if !PANICKED.load(Ordering::SeqCst) => replayed += 1,
                Ok(()) => panic!("{label}: panicked (caught and reported by the engine)"),
                Err(mpsc::RecvTimeoutError::Timeout) => panic!("{label}: hung"),
                Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{label}: panicked"),
            }
        }
    }
    assert!(replayed >= storyline_fuzz::TARGETS.len());
}
