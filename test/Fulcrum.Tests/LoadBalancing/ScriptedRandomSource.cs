using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

/// <summary>
/// Returns scripted numbers in order so tests can assert exact picks. Fails loudly when the script runs out or
/// a scripted number is out of the requested range, so a policy that draws more than expected is caught.
/// </summary>
internal sealed class ScriptedRandomSource : IRandomSource
{
    private readonly int[] _values;

    public ScriptedRandomSource(params int[] values) => _values = values;

    public int Calls { get; private set; }

    public int Next(int maxExclusive)
    {
        if (Calls == _values.Length)
        {
            throw new InvalidOperationException($"The script has only {_values.Length} numbers.");
        }

        var value = _values[Calls++];
        if (value < 0 || value >= maxExclusive)
        {
            throw new InvalidOperationException($"Scripted {value} is outside [0, {maxExclusive}).");
        }

        return value;
    }
}
