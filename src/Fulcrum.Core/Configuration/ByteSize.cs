using System.Globalization;

namespace Fulcrum.Configuration;

/// <summary>Sizes as written in config: <c>512</c>, <c>64KiB</c>, <c>10MiB</c>, <c>1GiB</c>, <c>100KB</c>, <c>5MB</c>.</summary>
internal static class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var span = text.AsSpan().Trim();
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

        double? multiplier = span[numberLength..].Trim() switch
        {
            "" or "B" => 1,
            "KiB" => 1L << 10,
            "MiB" => 1L << 20,
            "GiB" => 1L << 30,
            "KB" or "kB" => 1_000,
            "MB" => 1_000_000,
            "GB" => 1_000_000_000,
            _ => null,
        };
        if (multiplier is null || number * multiplier.Value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)(number * multiplier.Value);
        return true;
    }
}
