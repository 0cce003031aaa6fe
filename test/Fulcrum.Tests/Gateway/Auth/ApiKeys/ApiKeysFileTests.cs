using Fulcrum.Gateway.Auth.ApiKeys;

namespace Fulcrum.Tests.Gateway.Auth.ApiKeys;

public class ApiKeysFileTests
{
    [Fact]
    public void Parse_YamlList_EntriesWithLines()
    {
        var errors = new List<string>();

        var keys = ApiKeysFile.Parse("- id: alice\n  sha256: aa\n- { id: bob, sha256: bb }\n", "keys.yaml", errors);

        Assert.Empty(errors);
        Assert.Equal([("alice", "aa", "keys.yaml:1"), ("bob", "bb", "keys.yaml:3")], keys.Select(k => (k.Key.Id, k.Key.Sha256, k.Where)));
    }

    [Theory]
    [InlineData("- id: [a]\n  sha256: aa\n", "keys.yaml:1: id must be a single value")]
    [InlineData("- id: a\n  sha256: aa\n  owner: x\n", "keys.yaml:3: unknown key 'owner' (expected id and sha256)")]
    [InlineData("{ id: a }", "keys.yaml:1: expected a list of { id, sha256 }")]
    [InlineData("- [a, b]", "keys.yaml:1: expected { id, sha256 }")]
    [InlineData("- id: a\n sha256: : :", "keys.yaml:2: invalid YAML")]
    public void Parse_Problems_ReportedWithLine(string text, string expected)
    {
        var errors = new List<string>();

        ApiKeysFile.Parse(text, "keys.yaml", errors);

        Assert.StartsWith(expected, Assert.Single(errors));
    }

    [Fact]
    public void Read_MissingFile_ReportedNotThrown()
    {
        var errors = new List<string>();

        Assert.Empty(ApiKeysFile.Read("/nonexistent/keys.yaml", errors));
        Assert.StartsWith("/nonexistent/keys.yaml: cannot read the file", Assert.Single(errors));
    }
}
