using Fulcrum.L4.Tcp;

namespace Fulcrum.Tests.L4.Tcp;

public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Rent_AnySize_GivesAWholeBlock()
    {
        var pool = new LargeBlockMemoryPool();

        using var small = pool.Rent(1);
        using var unspecified = pool.Rent();

        Assert.Equal(LargeBlockMemoryPool.BlockSize, small.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, unspecified.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
    }

    [Fact]
    public void Rent_MoreThanABlock_Throws()
    {
        var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheBlock()
    {
        var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        first.Memory.Span[0] = 42;
        first.Dispose();

        using var second = pool.Rent();

        Assert.Same(first, second);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, second.Memory.Length);
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();

        using var first = pool.Rent();
        using var second = pool.Rent();

        Assert.NotSame(first, second);
    }

    [Fact]
    public void Memory_AfterDispose_Throws()
    {
        var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();

        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }
}
