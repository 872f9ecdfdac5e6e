//! The `openday` command-line tool: see [`openday::cli`].
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(openday::cli::run(std::env::args_os()))
}
