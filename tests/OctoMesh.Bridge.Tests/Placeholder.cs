public class Placeholder { [Fact] public void T() {} }
