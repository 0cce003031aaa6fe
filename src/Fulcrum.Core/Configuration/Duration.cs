using System.Globalization;

namespace Fulcrum.Configuration;

/// <summary>Durations as written in config: <c>500ms</c>, <c>10s</c>, <c>1m30s</c>, <c>2h</c>, <c>1.5s</c>.</summary>
internal static class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        var total = 0.0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0
                || !double.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberLength..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }

            double? unitMs = span[..unitLength] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => null,
            };
            if (unitMs is null)
            {
                return false;
            }

            total += number * unitMs.Value;
            span = span[unitLength..];
        }

        if (total > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    public static string Format(TimeSpan value) => value switch
    {
        { TotalMilliseconds: var ms } when ms % 3_600_000 == 0 && ms > 0 => $"{ms / 3_600_000}h",
        { TotalMilliseconds: var ms } when ms % 60_000 == 0 && ms > 0 => $"{ms / 60_000}m",
        { TotalMilliseconds: var ms } when ms % 1000 == 0 => $"{ms / 1000}s",
        { TotalMilliseconds: var ms } => $"{ms.ToString(CultureInfo.InvariantCulture)}ms",
    };
}
