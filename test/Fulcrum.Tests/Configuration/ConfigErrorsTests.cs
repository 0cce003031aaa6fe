using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class ConfigErrorsTests
{
    private static ConfigLocation At(int line, int column) => new("f.yaml", line, column);

    private static ConfigErrors Create()
    {
        var map = new ConfigSourceMap("f.yaml");
        map.Add("clusters.c", At(4, 5));
        map.Add("clusters.c.retries", At(6, 14));
        return new ConfigErrors(map);
    }

    [Fact]
    public void Add_ByPath_LocatesThroughSourceMap()
    {
        var errors = Create();

        errors.Add("clusters.c.retries.attempts", "11 is out of range (0 to 10)");

        var error = Assert.Single(errors.Items);
        Assert.Equal(new ConfigError(At(6, 14), "clusters.c.retries.attempts", "11 is out of range (0 to 10)"), error);
        Assert.True(errors.HasErrors);
    }

    [Fact]
    public void Add_Nothing_HasNoErrors()
    {
        var errors = Create();

        Assert.False(errors.HasErrors);
        Assert.Empty(errors.Items);
    }

    [Fact]
    public void Add_ByPathAfterBindingErrorOnSameKey_IsSkipped()
    {
        var errors = Create();
        errors.Add(At(6, 14), "clusters.c.retries", "expected a map of settings, found a list");

        errors.Add("clusters.c.retries", "something about the default");

        Assert.Single(errors.Items);
    }

    [Theory]
    [InlineData("clusters.c.retries.attempts")]
    [InlineData("clusters.c.retries.onStatus[0]")]
    public void Add_ByPathAfterBindingErrorOnParent_IsSkipped(string path)
    {
        var errors = Create();
        errors.Add(At(6, 14), "clusters.c.retries", "expected a map of settings, found a list");

        errors.Add(path, "out of range");

        Assert.Single(errors.Items);
    }

    [Fact]
    public void Add_ByPathAfterBindingErrorOnChild_IsSkipped()
    {
        // The parent's value is partly a default then: a rule about the whole would judge the default.
        var errors = Create();
        errors.Add(At(7, 20), "clusters.c.retries.attempts", "'x' is not a whole number");

        errors.Add("clusters.c.retries", "a rule about the whole retries block");

        Assert.Single(errors.Items);
    }

    [Theory]
    [InlineData("clusters.c.retriesExtra")]
    [InlineData("clusters.c.http.version")]
    [InlineData("clusters.cc.retries")]
    [InlineData("clusters.c.retries.on")]
    public void Add_ByPathBesideBindingError_IsKept(string path)
    {
        var errors = Create();
        errors.Add(At(6, 14), "clusters.c.retries.onStatus", "expected a list, found a map");

        errors.Add(path, "an unrelated problem");

        Assert.Equal(2, errors.Items.Count);
    }

    [Fact]
    public void Add_WithLocation_KeepsEveryError()
    {
        var errors = Create();

        errors.Add(At(1, 1), "", "expected one YAML document, found several");
        errors.Add(At(2, 3), "a", "one");
        errors.Add(At(2, 3), "a", "two");

        Assert.Equal(3, errors.Items.Count);
    }

    [Fact]
    public void Add_ErrorWithEmptyPath_DoesNotSkipLaterErrors()
    {
        var errors = Create();
        errors.Add(At(5, 1), "", "expected one YAML document, found several");

        errors.Add("clusters.c.retries", "a validation problem");

        Assert.Equal(2, errors.Items.Count);
    }
}
