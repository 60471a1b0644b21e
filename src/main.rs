fn main() -> std::process::ExitCode {
    otklik::cli::main()
}
