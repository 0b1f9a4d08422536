"""Makes the TorchScript models the tests load (src/test/resources/torchscript/*.pt); run by make.sh.

fmnist_cnn.pt   the built-in Fashion-MNIST CNN (FashionCnnArchitecture) in PyTorch, with the parameters of
                fmnist_cnn_init.npz (the built-in's seed-1 initial weights, written by io.fullspectrum.nn.StateDictExport),
                so that -Dmodel= and architecture=fmnist-cnn start from the same network.
residual_dw.pt  a small CNN the project has no built-in for: a residual add around a depthwise 3x3 conv and a 1x1 conv,
                batch norms, global average pooling; PyTorch's own initialisation, seed 0.
mlp.pt          a three-layer perceptron on flattened 1x28x28 images; PyTorch's own initialisation, seed 1.
Usage: python3 make_models.py FOLDER   (Debian's python3-torch 1.13 made the committed files)
"""
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class FashionCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.classifier = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2, 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2, 2)
        x = torch.flatten(x, 1)
        return self.classifier(F.relu(self.fc1(x)))


class ResidualDepthwise(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.depthwise = nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False)
        self.pointwise = nn.Conv2d(16, 16, 1, bias=False)
        self.block_bn = nn.BatchNorm2d(16)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        y = self.block_bn(self.pointwise(F.relu(self.depthwise(x))))
        x = F.relu(x + y)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.head(x)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden1 = nn.Linear(28 * 28, 64)
        self.hidden2 = nn.Linear(64, 32)
        self.out = nn.Linear(32, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.out(F.relu(self.hidden2(F.relu(self.hidden1(x)))))


def main(folder):
    cnn = FashionCnn()
    arrays = np.load(f"{folder}/fmnist_cnn_init.npz")
    state = {k: torch.from_numpy(arrays[k]) for k in arrays.files}
    state.update({f"{bn}.num_batches_tracked": torch.tensor(0) for bn in ("bn1", "bn2")})
    cnn.load_state_dict(state)
    torch.jit.save(torch.jit.script(cnn), f"{folder}/fmnist_cnn.pt")
    torch.manual_seed(0)
    torch.jit.save(torch.jit.script(ResidualDepthwise()), f"{folder}/residual_dw.pt")
    torch.manual_seed(1)
    torch.jit.save(torch.jit.script(Mlp()), f"{folder}/mlp.pt")


if __name__ == "__main__":
    main(sys.argv[1])
