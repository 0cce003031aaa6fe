using System.Globalization;

namespace Fulcrum.Configuration;

/// <summary>A set of HTTP status codes written as <c>503</c>, <c>5xx</c> or <c>500-504</c>; a bit per code.</summary>
internal sealed class StatusCodeSet
{
    public static readonly StatusCodeSet Empty = new(new ulong[10]);

    private readonly ulong[] _bits;

    private StatusCodeSet(ulong[] bits) => _bits = bits;

    public bool Contains(int status) =>
        (uint)status < 640 && (_bits[status >> 6] & (1UL << (status & 63))) != 0;

    public bool IsEmpty => Array.TrueForAll(_bits, b => b == 0);

    public static bool TryParse(IReadOnlyList<string> items, out StatusCodeSet set, out string? error)
    {
        var bits = new ulong[10];
        set = Empty;
        foreach (var item in items)
        {
            if (!TryParseItem(item.Trim(), out var from, out var to))
            {
                error = $"'{item}' is not a status code, a class such as 5xx, or a range such as 500-504";
                return false;
            }

            for (var status = from; status <= to; status++)
            {
                bits[status >> 6] |= 1UL << (status & 63);
            }
        }

        set = new StatusCodeSet(bits);
        error = null;
        return true;
    }

    private static bool TryParseItem(string item, out int from, out int to)
    {
        from = to = 0;
        if (item.Length == 3 && item[0] is >= '1' and <= '5' && item[1..].Equals("xx", StringComparison.OrdinalIgnoreCase))
        {
            from = (item[0] - '0') * 100;
            to = from + 99;
            return true;
        }

        var dash = item.IndexOf('-', StringComparison.Ordinal);
        var ok = dash < 0
            ? TryParseCode(item, out from) && TryParseCode(item, out to)
            : TryParseCode(item[..dash], out from) && TryParseCode(item[(dash + 1)..], out to);
        return ok && from <= to;
    }

    private static bool TryParseCode(string text, out int code) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 100 and <= 599;
}
