using Fulcrum.Configuration.Loading;
using SharpFuzz;

// One afl++ input per run: the bytes as a config file's text. The loader must answer with a config or with errors;
// any exception that escapes is a crash for afl++ to keep. Environment lookups find nothing, so ${...} paths are
// exercised as errors without reading the machine's environment.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var reader = new StreamReader(stream);
    var result = ConfigLoader.LoadText(reader.ReadToEnd(), "fuzz.yaml", static _ => null);
    if (!result.Succeeded && result.Errors.Count == 0)
    {
        throw new InvalidOperationException("the loader returned neither a config nor an error");
    }
});
