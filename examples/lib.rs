//! Shared helpers of the openday examples: command-line flags.

use std::collections::HashMap;

/// Parse `--name value` pairs, refusing unknown names.
pub fn flags(allowed: &[&str]) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let Some(name) = arg.strip_prefix("--") else {
            return Err(format!(
                "unexpected argument `{arg}`; flags are --{}",
                allowed.join(", --")
            ));
        };
        if name == "help" {
            return Err(format!(
                "flags: --{}",
                allowed.join(" VALUE, --") + " VALUE"
            ));
        }
        if !allowed.contains(&name) {
            return Err(format!(
                "unknown flag `--{name}`; flags are --{}",
                allowed.join(", --")
            ));
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`--{name}` needs a value"))?;
        out.insert(name.to_owned(), value);
    }
    Ok(out)
}

/// `println!` that does not panic when stdout is closed early
/// (`… | head`): what is written after that is dropped, as the `openday`
/// command line does, and the example goes on with its files.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` that does not panic when stdout is closed early; see [`say!`].
#[macro_export]
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::write!(::std::io::stdout().lock(), $($arg)*);
    }};
}
