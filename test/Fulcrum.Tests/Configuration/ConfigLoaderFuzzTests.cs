using System.Text;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Tests.Configuration;

/// <summary>
/// A bounded, seeded mutation fuzzer over the config loader, run in CI: every example config and a few hand-picked
/// nasty inputs, mutated byte by byte (flip, delete, duplicate, splice in YAML punctuation), must load into either a
/// config or a list of errors — never an exception. Longer coverage-guided runs are SharpFuzz + afl++ in
/// <c>bench/soak/run.sh</c>; any crash either finds goes into <see cref="Crashes"/>.
/// </summary>
public class ConfigLoaderFuzzTests
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "-", "&a", "*a", "!!str", "!!map", "? ", "|", ">", "\"", "'", "#", "${X}", "$${",
        "${X:-", "\n", "\t", " ", "~", "null", "0x", "1e999", "-1", "99999999999999999999", "\u0000", "\uFEFF", "<<: *a",
    ];

    /// <summary>Inputs that once broke the loader, or that target known YAML parser weak spots.</summary>
    public static readonly TheoryData<string> Crashes = new()
    {
        // Found by this fuzzer: YamlDotNet threw ArgumentException ("the current event is of an unsupported type"),
        // which escaped the loader, so `fulcrum validate` and a reload crashed instead of reporting invalid YAML.
        "policies:\n  partner-keys:\n   : type: apiKey\n    header: X-Api-Key\n",
        new string('[', 5_000),
        new string('{', 5_000),
        string.Concat(Enumerable.Repeat("- ", 2_000)) + "x",
        "a: &a [*a]",
        "listeners: &l { web: *l }",
        "<<: [*a]",
        "listeners:\n  web: { address: 127.0.0.1:99999999999999999999 }",
        "clusters: { c: { destinations: { d: { address: http://[::1 } } } }",
        "routes: { r: { match: { path: \"/{**a}/{**b}\" }, cluster: c } }",
        "listeners: { web: { limits: { requestHeadersTimeout: 99999999999d } } }",
        "\uFEFF\uFEFFlisteners: {}",
    };

    [Theory]
    [MemberData(nameof(Crashes))]
    public void LoadText_KnownNastyInput_NoException(string text)
    {
        var result = ConfigLoader.LoadText(text, "fuzz.yaml", _ => null);

        Assert.True(result.Succeeded || result.Errors.Count > 0);
    }

    [Fact]
    public void LoadText_MutatedExamples_NeverThrows()
    {
        var examples = Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "*.yaml").Select(File.ReadAllText).ToArray();
        var random = new Random(20261201);
        var failures = new List<string>();
        const int Mutations = 3_000;
        for (var i = 0; i < Mutations && failures.Count < 5; i++)
        {
            var text = Mutate(examples[i % examples.Length], random);
            try
            {
                var result = ConfigLoader.LoadText(text, "fuzz.yaml", _ => null);
                Assert.True(result.Succeeded || result.Errors.Count > 0, "neither a config nor an error");
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {e.Message}\n{e.StackTrace}\n--- input ---\n{text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0:
                    builder[at] = (char)random.Next(0, 128);
                    break;
                case 1:
                    builder.Remove(at, Math.Min(random.Next(1, 40), builder.Length - at));
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 80), builder.Length - at);
                    builder.Insert(random.Next(builder.Length), builder.ToString(at, length));
                    break;
                default:
                    builder.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fulcrum.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Fulcrum.slnx not found");
    }
}
