using System.Text;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>A response as read off the wire; <see cref="Complete"/> says whether its body framing finished.</summary>
internal sealed record RawResponse(int Status, string Head)
{
    public byte[] Body { get; init; } = [];

    public bool Complete { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public static RawResponse Parse(string head)
    {
        var parts = head.Split(' ', 3);
        var status = parts.Length >= 2 && head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(parts[1], out var code) ? code : 0;
        return new RawResponse(status, head);
    }

    /// <summary>The header's values joined with ", ", or null.</summary>
    public string? Header(string name)
    {
        var values = Head.Split("\r\n").Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].Trim())
            .ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    public bool HasHeaderStartingWith(string prefix) =>
        Head.Split("\r\n").Skip(1).Any(line => line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
