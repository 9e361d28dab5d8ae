package org.writeahead.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW as nanoGPT uses it, written out because DJL's differs in two ways that matter here:
 * weight decay only on the matrices (not on biases, layer norms or position embeddings), and
 * gradient clipping by the global norm of all gradients rather than element by element.
 */
public final class AdamW {

    private final List<NDArray> parameters;
    private final List<Boolean> decays;
    private final List<NDArray> firstMoments;
    private final List<NDArray> secondMoments;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private long step;

    public AdamW(Map<String, NDArray> named, NDManager manager, double beta1, double beta2, double epsilon, double weightDecay) {
        this.parameters = new ArrayList<>(named.values());
        this.decays = new ArrayList<>();
        this.firstMoments = new ArrayList<>();
        this.secondMoments = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : named.entrySet()) {
            decays.add(e.getValue().getShape().dimension() == 2 && !e.getKey().equals("wpe.weight"));
            firstMoments.add(manager.zeros(e.getValue().getShape()));
            secondMoments.add(manager.zeros(e.getValue().getShape()));
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public long step() {
        return step;
    }

    public List<NDArray> firstMoments() {
        return firstMoments;
    }

    public List<NDArray> secondMoments() {
        return secondMoments;
    }

    /** Restores the moments and step count of a checkpoint. */
    public void restore(long step, List<float[]> first, List<float[]> second) {
        this.step = step;
        for (int i = 0; i < parameters.size(); i++) {
            firstMoments.get(i).set(first.get(i));
            secondMoments.get(i).set(second.get(i));
        }
    }

    /**
     * Applies one update from the gradients autograd left on the parameters, then zeroes them
     * (DJL's collector does not). Returns the gradient norm before clipping.
     */
    public double update(double learningRate, double clipNorm) {
        step++;
        try (NDScope ignored = new NDScope()) {
            List<NDArray> gradients = new ArrayList<>(parameters.size());
            double squares = 0;
            for (NDArray p : parameters) {
                NDArray g = p.getGradient();
                gradients.add(g);
                squares += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1.0;
            double correction1 = 1 - Math.pow(beta1, step);
            double correction2 = 1 - Math.pow(beta2, step);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = gradients.get(i).mul(scale);
                NDArray m = firstMoments.get(i);
                NDArray v = secondMoments.get(i);
                m.muli(beta1).addi(g.mul(1 - beta1));
                v.muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi(epsilon));
                if (decays.get(i) && weightDecay > 0) {
                    update.addi(p.mul(weightDecay));
                }
                p.subi(update.muli(learningRate));
                gradients.get(i).subi(gradients.get(i));
            }
            return norm;
        }
    }
}
