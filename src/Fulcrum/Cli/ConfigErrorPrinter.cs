using Fulcrum.Configuration;

namespace Fulcrum.Cli;

internal static class ConfigErrorPrinter
{
    /// <summary>Every error on its own line, then a count, on standard error.</summary>
    public static void Print(string path, IReadOnlyList<ConfigError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        Console.Error.WriteLine($"{path}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}, configuration rejected");
    }
}
