using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class EnvironmentSubstitutionTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["HOST"] = "10.0.0.1",
        ["PORT"] = "8080",
        ["EMPTY"] = "",
        ["_UNDER_9"] = "u",
        ["NESTED"] = "${HOST}",
    };

    private static string Apply(string value, List<string> errors) =>
        EnvironmentSubstitution.Apply(value, name => Variables.GetValueOrDefault(name), errors);

    [Theory]
    [InlineData("${HOST}", "10.0.0.1")]
    [InlineData("${HOST}:${PORT}", "10.0.0.1:8080")]
    [InlineData("http://${HOST}:${PORT}/base", "http://10.0.0.1:8080/base")]
    [InlineData("${_UNDER_9}", "u")]
    [InlineData("${HOST:-127.0.0.1}", "10.0.0.1")]
    [InlineData("${MISSING:-127.0.0.1:6379}", "127.0.0.1:6379")]
    [InlineData("${MISSING:-}", "")]
    [InlineData("${MISSING:-a:-b}", "a:-b")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${NESTED}", "${HOST}")]
    public void Apply_Reference_IsReplaced(string value, string expected)
    {
        var errors = new List<string>();

        Assert.Equal(expected, Apply(value, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData("$HOST")]
    [InlineData("cost: $5")]
    [InlineData("{HOST}")]
    [InlineData("$")]
    [InlineData("$$")]
    [InlineData("a$")]
    public void Apply_NoReference_ReturnsValueUnchanged(string value)
    {
        var errors = new List<string>();

        Assert.Equal(value, Apply(value, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("$${HOST}", "${HOST}")]
    [InlineData("a$${b}c", "a${b}c")]
    [InlineData("$${HOST}-${HOST}", "${HOST}-10.0.0.1")]
    [InlineData("$${", "${")]
    public void Apply_EscapedReference_WritesLiteral(string value, string expected)
    {
        var errors = new List<string>();

        Assert.Equal(expected, Apply(value, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("${MISSING}", "MISSING")]
    [InlineData("prefix-${HOST}-${ALSO_MISSING}", "ALSO_MISSING")]
    [InlineData("${EMPTY}", "EMPTY")]
    public void Apply_UnsetVariableWithoutDefault_ReportsName(string value, string name)
    {
        var errors = new List<string>();

        Apply(value, errors);

        var error = Assert.Single(errors);
        Assert.Equal($"environment variable '{name}' is not set and has no default (write ${{{name}:-default}})", error);
    }

    [Theory]
    [InlineData("${}", "'${}' is not a valid variable reference")]
    [InlineData("${:-x}", "'${:-x}' is not a valid variable reference")]
    [InlineData("${A-B}", "'${A-B}' is not a valid variable reference")]
    [InlineData("${A B}", "'${A B}' is not a valid variable reference")]
    [InlineData("${A:x}", "'${A:x}' is not a valid variable reference")]
    [InlineData("${HOST", "unterminated '${' in '${HOST'")]
    [InlineData("a ${HOST} ${B", "unterminated '${' in 'a ${HOST} ${B'")]
    public void Apply_MalformedReference_ReportsError(string value, string message)
    {
        var errors = new List<string>();

        Apply(value, errors);

        Assert.Equal([message], errors);
    }

    [Fact]
    public void Apply_ValueWithoutReference_DoesNotCallLookup()
    {
        var errors = new List<string>();

        var result = EnvironmentSubstitution.Apply("no references", _ => throw new InvalidOperationException("looked up"), errors);

        Assert.Equal("no references", result);
    }

    [Fact]
    public void Apply_Lookup_ReceivesNameWithoutDefault()
    {
        var names = new List<string>();

        EnvironmentSubstitution.Apply("${A:-x}${B}", name => { names.Add(name); return "v"; }, []);

        Assert.Equal(["A", "B"], names);
    }
}
