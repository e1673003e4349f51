//! The one integration-test binary: the engine on real corpora, the `storyline`
//! command as a user runs it, and snapshots of the rendered example briefing.

mod alignment;
mod browser;
mod cli;
mod clustering;
mod common;
mod crosssource;
mod disagreements;
mod extraction;
mod hostile;
mod languages;
mod rouge;
mod scale_out;
mod seeds;
mod server;
mod snapshots;
mod store;
mod watch;
