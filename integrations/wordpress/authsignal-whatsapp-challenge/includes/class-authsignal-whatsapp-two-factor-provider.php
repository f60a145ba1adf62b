<?php
/**
 * WhatsApp (Authsignal) as a Two Factor provider. Loaded by Two Factor itself (see
 * Two_Factor_Bridge), after its Two_Factor_Provider class. Set up from Two Factor's row on the
 * profile with a code sent to the number (Phone_Field's controls); available once the user has
 * a verified number. At sign-in the element asks for a code, tracked as `signIn` for one
 * attempt kept in user meta; WhatsApp_Verification checks it, as for the plugin's own step.
 *
 * @package AuthsignalWhatsApp
 */

defined( 'ABSPATH' ) || exit;

use AuthsignalWhatsApp\Assets;
use AuthsignalWhatsApp\Phone_Field;
use AuthsignalWhatsApp\Settings;
use AuthsignalWhatsApp\Validation;
use AuthsignalWhatsApp\WhatsApp_Verification;

if ( ! class_exists( 'Two_Factor_Provider' ) ) {
	return;
}

/**
 * The provider. The class name has no namespace: Two Factor uses it as the provider's key in
 * forms and user meta.
 */
class Authsignal_WhatsApp_Two_Factor_Provider extends Two_Factor_Provider {

	/** User meta: the attempt id of the sign-in the provider's screen started. */
	public const ATTEMPT_META = '_authsignal_whatsapp_two_factor_attempt';

	/** Hooks the profile row. */
	protected function __construct() {
		add_action( 'two_factor_user_options_' . __CLASS__, array( $this, 'user_options' ) );
		parent::__construct();
	}

	/** The name people see. */
	public function get_label() {
		return _x( 'WhatsApp (Authsignal)', 'Two Factor provider name', 'authsignal-whatsapp-challenge' );
	}

	/** The link offered on other providers' screens. */
	public function get_alternative_provider_label() {
		return __( 'Send a code to my WhatsApp', 'authsignal-whatsapp-challenge' );
	}

	/**
	 * Available once the user has a number on file (stored only after its code was verified).
	 * Not tied to the secret key: without one the screen says the verification is unavailable
	 * and no code passes (fails closed), instead of Two Factor dropping the method and letting
	 * the password alone through.
	 *
	 * @param WP_User $user The user.
	 */
	public function is_available_for_user( $user ) {
		return $user instanceof WP_User && '' !== Phone_Field::get( $user->ID );
	}

	/**
	 * The row on the profile: the number's controls (add with a code, change, remove).
	 *
	 * @param WP_User $user The user being edited.
	 */
	public function user_options( $user ) {
		if ( ! $user instanceof WP_User ) {
			return;
		}
		echo '<div id="authsignal-two-factor-options">';
		Phone_Field::render_controls( $user );
		echo '</div>';
	}

	/**
	 * The sign-in screen's content: the element with a new tracked attempt.
	 *
	 * @param WP_User $user The user signing in.
	 */
	public function authentication_page( $user ) {
		if ( ! $user instanceof WP_User ) {
			return;
		}
		$attempt = WhatsApp_Verification::new_attempt();
		$tracked = null === $attempt ? null : WhatsApp_Verification::start( $user->ID, Validation::SIGN_IN_ACTION, $attempt );
		if ( ! is_array( $tracked ) ) {
			delete_user_meta( $user->ID, self::ATTEMPT_META );
			echo '<p id="authsignal-two-factor-unavailable">' . esc_html__( 'The WhatsApp verification is unavailable right now. Please use another method, such as a backup code.', 'authsignal-whatsapp-challenge' ) . '</p>';
			return;
		}
		update_user_meta( $user->ID, self::ATTEMPT_META, $attempt );
		$language = Validation::language_tag( determine_locale() );
		Assets::enqueue( $language );
		?>
		<p><?php esc_html_e( 'Verify with the code we send to your WhatsApp.', 'authsignal-whatsapp-challenge' ); ?></p>
		<authsignal-whatsapp-challenge id="authsignal-two-factor-challenge" name="authsignal_token" lang="<?php echo esc_attr( $language ); ?>"
		<?php
		foreach ( Settings::client_api_attributes() as $name => $value ) {
			echo ' ' . esc_attr( $name ) . '="' . esc_attr( $value ) . '"';
		}
		?>
		required autosubmit></authsignal-whatsapp-challenge>
		<script>document.getElementById('authsignal-two-factor-challenge').token = <?php echo wp_json_encode( (string) $tracked['token'] ); ?>;</script>
		<noscript><p><?php esc_html_e( 'WhatsApp verification needs JavaScript.', 'authsignal-whatsapp-challenge' ); ?></p></noscript>
		<?php
	}

	/**
	 * Whether the posted token proves the code for the attempt this screen started.
	 *
	 * @param WP_User $user The user signing in.
	 */
	public function validate_authentication( $user ) {
		if ( ! $user instanceof WP_User ) {
			return false;
		}
		$attempt = get_user_meta( $user->ID, self::ATTEMPT_META, true );
		delete_user_meta( $user->ID, self::ATTEMPT_META );
		$result = WhatsApp_Verification::check( WhatsApp_Verification::posted_token(), $user->ID, Validation::SIGN_IN_ACTION, is_string( $attempt ) ? $attempt : '' );
		if ( is_wp_error( $result ) ) {
			return false;
		}
		WhatsApp_Verification::record( $user->ID, Validation::SIGN_IN_ACTION, $result );
		return true;
	}

	/**
	 * User meta Two Factor's uninstall removes.
	 *
	 * @return string[]
	 */
	public static function uninstall_user_meta_keys() {
		return array( self::ATTEMPT_META );
	}
}
