"""jianbao：简报编排与分发工具。"""

__version__ = "0.1.0"
