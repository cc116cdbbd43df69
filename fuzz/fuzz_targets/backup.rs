//! Fuzz target `backup`: the backup reader: header, sealed stream under a fixed key, manifest, checks.
//! The body is `homeward_tests::hostile::backup`, shared with the corpus replay.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: homeward_tests::hostile::prepare("backup"),
    |data: &[u8]| homeward_tests::hostile::backup(data)
);
