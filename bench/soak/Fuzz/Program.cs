using Fulcrum.Configuration.Loading;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.L4.Tls;
using SharpFuzz;

// One afl++ input per run, fed to the parser named by the first argument. Each must answer with a verdict (a config
// or errors; Parsed, Incomplete or Invalid) whatever the bytes; an exception that escapes, or a verdict that breaks
// the parser's own contract, is a crash for afl++ to keep.
Action<Stream> target = args.FirstOrDefault() switch
{
    "config" => static stream =>
    {
        using var reader = new StreamReader(stream);
        // Environment lookups find nothing, so ${...} paths are exercised as errors without reading the environment.
        var result = ConfigLoader.LoadText(reader.ReadToEnd(), "fuzz.yaml", static _ => null);
        if (!result.Succeeded && result.Errors.Count == 0)
        {
            throw new InvalidOperationException("the loader returned neither a config nor an error");
        }
    },
    "proxy" => static stream =>
    {
        var data = ReadAll(stream);
        var result = ProxyHeaderParser.Parse(data);
        if (result.Status == ProxyHeaderStatus.Parsed && (result.Length <= 0 || result.Length > data.Length))
        {
            throw new InvalidOperationException($"parsed a {result.Length}-byte header from {data.Length} bytes");
        }
    },
    "clienthello" => static stream => ClientHelloParser.Parse(ReadAll(stream)),
    _ => throw new ArgumentException("usage: Fulcrum.Fuzz config|proxy|clienthello"),
};

Fuzzer.OutOfProcess.Run(target);

static byte[] ReadAll(Stream stream)
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    return copy.ToArray();
}
