using Fulcrum.Gateway.Auth.ApiKeys;
using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Gateway.Auth.ApiKeys;

/// <summary>Every setting of the apiKey policy is checked at load time, each problem at its key and line.</summary>
public class ApiKeyPolicyConfigTests
{
    private static readonly string Digest = new('a', 64);

    private static string Policy(string settings) => TestConfigs.Minimal + $"policies:\n  k:\n    type: apiKey\n{settings}";

    private static string ValidKeys => $"    keys: [{{ id: alice, sha256: \"{Digest}\" }}]\n";

    [Fact]
    public void Load_InlineKeys_BindsWithDefaults()
    {
        var config = (ApiKeyPolicyConfig)TestConfigs.LoadValid(Policy(ValidKeys)).Policies["k"];

        Assert.Equal("alice", Assert.Single(config.Keys).Id);
        Assert.Null(config.Header);
        Assert.Equal("X-Api-Key", config.EffectiveHeader());
        Assert.Null(config.Query);
        Assert.False(config.ForwardKey);
        Assert.Equal("fulcrum", config.Realm);
    }

    [Fact]
    public void Load_QueryOnly_ReadsNoHeader()
    {
        var config = (ApiKeyPolicyConfig)TestConfigs.LoadValid(Policy(ValidKeys + "    query: api_key\n")).Policies["k"];

        Assert.Null(config.EffectiveHeader());
    }

    [Theory]
    [InlineData("    header: \"X Api Key\"\n", "policies.k.header", "'X Api Key' is not a valid header name")]
    [InlineData("    query: \"api key\"\n", "policies.k.query", "'api key' is not a query parameter name (letters, digits, '-', '_', '.')")]
    [InlineData("    upstreamHeader: \"X-Consumer:\"\n", "policies.k.upstreamHeader", "'X-Consumer:' is not a valid header name")]
    [InlineData("    realm: \"a\\\"b\"\n", "policies.k.realm", "'a\"b' must be printable ASCII without quotes or backslashes")]
    [InlineData("    forwardKey: maybe\n", "policies.k.forwardKey", "'maybe' is not true or false")]
    public void Validate_BadSetting_ReportedAtItsKey(string setting, string path, string message)
    {
        var error = TestConfigs.SingleError(Policy(ValidKeys + setting), path);

        Assert.Equal(message, error.Message);
        Assert.Equal(8, error.Location.Line);
    }

    [Fact]
    public void Validate_NoKeysNorFile_Reported()
    {
        var error = TestConfigs.SingleError(Policy("    header: X-Api-Key\n"), "policies.k.keys");

        Assert.Equal("no keys: give keys, a keysFile, or both", error.Message);
    }

    [Fact]
    public void Validate_BadInlineKeys_EachReportedAtItsField()
    {
        var text = Policy($$"""
                keys:
                  - { id: "", sha256: "{{Digest}}" }
                  - { id: "has space", sha256: "{{new string('1', 64)}}" }
                  - { id: bob, sha256: "abc" }
                  - { id: carol, sha256: "{{new string('g', 64)}}" }
                  - { id: bob, sha256: "{{new string('b', 64)}}" }
                  - { id: dave, sha256: "{{Digest.ToUpperInvariant()}}" }

            """);

        var errors = TestConfigs.Load(text).Errors.Select(e => (e.Path, e.Message, e.Location.Line)).ToList();

        Assert.Equal(
            [
                ("policies.k.keys[0].id", "an id is required", 8),
                ("policies.k.keys[1].id", "id 'has space' must be 1 to 128 visible ASCII characters (no spaces)", 9),
                ("policies.k.keys[2].sha256", ApiKeyRules.DigestProblem, 10),
                ("policies.k.keys[3].sha256", ApiKeyRules.DigestProblem, 11),
                ("policies.k.keys[4].id", "id 'bob' is already used by keys[2]", 12),
                ("policies.k.keys[5].sha256", "the same key is already listed as keys[0]", 13),
            ],
            errors);
    }

    [Fact]
    public void Validate_KeysFileMissing_Reported()
    {
        var error = TestConfigs.SingleError(Policy("    keysFile: /nonexistent/keys.yaml\n"), "policies.k.keysFile");

        Assert.StartsWith("/nonexistent/keys.yaml: cannot read the file:", error.Message);
        Assert.Equal(7, error.Location.Line);
    }

    [Fact]
    public void Validate_KeysFileWithProblems_EachReportedWithFileAndLine()
    {
        using var file = new TempFile($"""
            - id: alice
              sha256: {Digest}
            - id: bob
              sha256: short
            - id: carol
              sha256: {new string('c', 64)}
              note: extra
            - just a string
            """);

        var errors = TestConfigs.Load(Policy(ValidKeys + $"    keysFile: {file.Path}\n")).Errors.Select(e => (e.Path, e.Message)).ToList();

        Assert.Equal(
            [
                ("policies.k.keysFile", $"{file.Path}:7: unknown key 'note' (expected id and sha256)"),
                ("policies.k.keysFile", $"{file.Path}:8: expected {{ id, sha256 }}"),
                ("policies.k.keysFile", $"{file.Path}:1: id 'alice' is already used at keys[0]"),
                ("policies.k.keysFile", $"{file.Path}:1: the same key is already listed for id 'alice'"),
                ("policies.k.keysFile", $"{file.Path}:3: {ApiKeyRules.DigestProblem}"),
            ],
            errors);
    }

    [Fact]
    public void Validate_KeysFileNotAList_Reported()
    {
        using var file = new TempFile("keys: []\n");

        var error = TestConfigs.SingleError(Policy($"    keysFile: {file.Path}\n"), "policies.k.keysFile");

        Assert.Equal($"{file.Path}:1: expected a list of {{ id, sha256 }}", error.Message);
    }

    [Fact]
    public void Validate_EmptyKeysFile_IsAnEmptyList()
    {
        using var file = new TempFile("");

        TestConfigs.LoadValid(Policy($"    keysFile: {file.Path}\n"));
    }

    [Fact]
    public void Validate_KeysFileAsJson_Accepted()
    {
        using var file = new TempFile($$"""[{ "id": "bob", "sha256": "{{new string('b', 64)}}" }]""");

        TestConfigs.LoadValid(Policy(ValidKeys + $"    keysFile: {file.Path}\n"));
    }

    [Fact]
    public void ResolvePath_Relative_AgainstBaseDirectory()
    {
        Assert.Equal(Path.GetFullPath("/etc/fulcrum/keys/api.yaml"), ApiKeyPolicyFactory.ResolvePath("keys/api.yaml", "/etc/fulcrum"));
        Assert.Equal("/srv/keys.yaml", ApiKeyPolicyFactory.ResolvePath("/srv/keys.yaml", "/etc/fulcrum"));
    }

    internal sealed class TempFile : IDisposable
    {
        public TempFile(string text)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fulcrum-keys-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
