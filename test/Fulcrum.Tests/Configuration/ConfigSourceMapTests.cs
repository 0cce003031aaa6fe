using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class ConfigSourceMapTests
{
    private static ConfigLocation At(int line, int column) => new("f.yaml", line, column);

    [Fact]
    public void Find_WrittenPath_ReturnsItsLocation()
    {
        var map = new ConfigSourceMap("f.yaml");
        map.Add("routes.r.cluster", At(4, 14));

        Assert.Equal(At(4, 14), map.Find("routes.r.cluster"));
    }

    [Fact]
    public void Find_UnwrittenPath_ReturnsNearestWrittenParent()
    {
        var map = new ConfigSourceMap("f.yaml");
        map.Add("", At(1, 1));
        map.Add("routes", At(2, 3));
        map.Add("routes.r", At(3, 5));
        map.Add("routes.r.match.headers[0]", At(7, 11));

        Assert.Equal(At(3, 5), map.Find("routes.r.cluster"));
        Assert.Equal(At(7, 11), map.Find("routes.r.match.headers[0].name"));
        Assert.Equal(At(3, 5), map.Find("routes.r.match.headers[1].name"));
        Assert.Equal(At(1, 1), map.Find("clusters.c"));
    }

    [Fact]
    public void Find_NothingWritten_ReturnsStartOfFile()
    {
        var map = new ConfigSourceMap("f.yaml");

        Assert.Equal(At(1, 1), map.Find("listeners.web.address"));
        Assert.Equal(At(1, 1), map.Find(""));
    }

    [Fact]
    public void Add_SamePathTwice_KeepsFirst()
    {
        var map = new ConfigSourceMap("f.yaml");
        map.Add("admin", At(5, 1));
        map.Add("admin", At(9, 1));

        Assert.Equal(At(5, 1), map.Find("admin"));
    }
}
